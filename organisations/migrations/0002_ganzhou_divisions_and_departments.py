"""Ganzhou's county-level divisions (docs/rules.md, Terms) and the departments consulted
(Art. 17)."""

from django.db import migrations

DIVISIONS = [
    ("360702", "章贡区", "district"),
    ("360703", "南康区", "district"),
    ("360704", "赣县区", "district"),
    ("360722", "信丰县", "county"),
    ("360723", "大余县", "county"),
    ("360724", "上犹县", "county"),
    ("360725", "崇义县", "county"),
    ("360726", "安远县", "county"),
    ("360728", "定南县", "county"),
    ("360729", "全南县", "county"),
    ("360730", "宁都县", "county"),
    ("360731", "于都县", "county"),
    ("360732", "兴国县", "county"),
    ("360733", "会昌县", "county"),
    ("360734", "寻乌县", "county"),
    ("360735", "石城县", "county"),
    ("360781", "瑞金市", "city"),
    ("360783", "龙南市", "city"),
    ("GZETDZ", "赣州经济技术开发区", "zone"),
    ("GZRJXQ", "赣州蓉江新区", "zone"),
]

DEPARTMENTS = [
    ("tax", "国家税务总局赣州市税务局"),
    ("ecology", "赣州市生态环境局"),
    ("emergency", "赣州市应急管理局"),
    ("market", "赣州市市场监督管理局"),
    ("hrss", "赣州市人力资源和社会保障局"),
    ("statistics", "赣州市统计局"),
]


def load(apps, schema_editor):
    Division = apps.get_model("organisations", "Division")
    Department = apps.get_model("organisations", "Department")
    for order, (code, name, kind) in enumerate(DIVISIONS):
        Division.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "order": order}
        )
    for code, name in DEPARTMENTS:
        Department.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
