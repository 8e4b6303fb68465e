"""Every write of webhooks: subscriptions (``subscriptions``), the deliveries an event queues
(``queue``) and their sending with retries (``delivery``)."""
