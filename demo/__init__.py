"""Demo data for `make run` and the tests: a believable Ganzhou award at every stage, loaded by
``manage.py load_demo``. The top app: it may import every other app, and none imports it.
``config.settings_production`` does not install it."""
