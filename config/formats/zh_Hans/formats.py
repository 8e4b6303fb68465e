# Django's own zh_Hans formats group digits by four with no separator (1800000.00). Offices
# write amounts in tables as accountants do, with a comma every three digits (1,800,000.00);
# only numbers formatted with grouping ("g", intcomma) are affected. Everything else is
# taken from Django's zh_Hans formats.
from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
