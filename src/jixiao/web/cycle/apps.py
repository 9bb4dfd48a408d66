# mypy: allow-subclassing-any
from django.apps import AppConfig


class CycleConfig(AppConfig):
    name = "jixiao.web.cycle"
    label = "cycle"
    verbose_name = "运行监控与绩效自评"
