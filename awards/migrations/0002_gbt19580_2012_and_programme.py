"""GB/T 19580-2012 as the default scoring scheme (docs/rules.md, Scoring), and the Mayor's
award itself."""

from django.db import migrations

SCHEME = [
    (
        "4.1",
        "领导",
        "Leadership",
        [("4.1.2", "高层领导的作用", 50), ("4.1.3", "组织治理", 30), ("4.1.4", "社会责任", 30)],
    ),
    ("4.2", "战略", "Strategy", [("4.2.2", "战略制定", 40), ("4.2.3", "战略部署", 50)]),
    (
        "4.3",
        "顾客与市场",
        "Customers and market",
        [("4.3.2", "顾客和市场的了解", 40), ("4.3.3", "顾客关系与顾客满意", 50)],
    ),
    (
        "4.4",
        "资源",
        "Resources",
        [
            ("4.4.2", "人力资源", 60),
            ("4.4.3", "财务资源", 15),
            ("4.4.4", "信息和知识资源", 20),
            ("4.4.5", "技术资源", 15),
            ("4.4.6", "基础设施", 10),
            ("4.4.7", "相关方关系", 10),
        ],
    ),
    (
        "4.5",
        "过程管理",
        "Process management",
        [("4.5.2", "过程的识别与设计", 50), ("4.5.3", "过程的实施与改进", 50)],
    ),
    (
        "4.6",
        "测量、分析与改进",
        "Measurement, analysis and improvement",
        [("4.6.2", "测量、分析和评价", 40), ("4.6.3", "改进与创新", 40)],
    ),
    (
        "4.7",
        "结果",
        "Results",
        [
            ("4.7.2", "产品和服务结果", 80),
            ("4.7.3", "顾客与市场结果", 80),
            ("4.7.4", "财务结果", 80),
            ("4.7.5", "资源结果", 60),
            ("4.7.6", "过程有效性结果", 50),
            ("4.7.7", "领导方面的结果", 50),
        ],
    ),
]


def load(apps, schema_editor):
    Scheme = apps.get_model("awards", "ScoringScheme")
    Category = apps.get_model("awards", "ScoringCategory")
    Item = apps.get_model("awards", "ScoringItem")
    Programme = apps.get_model("awards", "AwardProgramme")
    scheme, _ = Scheme.objects.update_or_create(
        code="gbt19580-2012",
        defaults={
            "name": "GB/T 19580-2012 卓越绩效评价准则",
            "description": "7 个类目、23 个评分条款,共 1000 分(过程 600 分,结果 400 分)。"
            "条款分值待与标准正式文本核对。To be checked against the official text.",
            "total_points": 1000,
        },
    )
    for c_order, (code, name, name_en, items) in enumerate(SCHEME):
        category, _ = Category.objects.update_or_create(
            scheme=scheme, code=code, defaults={"name": name, "name_en": name_en, "order": c_order}
        )
        for i_order, (item_code, item_name, points) in enumerate(items):
            Item.objects.update_or_create(
                category=category,
                code=item_code,
                defaults={
                    "name": item_name,
                    "points": points,
                    "kind": "results" if code == "4.7" else "process",
                    "order": i_order,
                },
            )
    Programme.objects.get_or_create(
        slug="ganzhou-mayor",
        defaults={
            "name": "赣州市市长质量奖",
            "awarding_body": "赣州市人民政府",
            "office_name": "赣州市质量强市工作领导小组办公室",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
