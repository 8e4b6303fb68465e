from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    """R2: the two quota buckets."""

    MANUFACTURING = "manufacturing", _("Manufacturing")
    SERVICE = "service", _("Service (incl. medical, education), engineering and others")


class IndustrySection(models.TextChoices):
    """GB/T 4754-2017 sections. R2: section C is manufacturing, every other the second bucket."""

    A = "A", _("A Agriculture, forestry, animal husbandry and fishery")
    B = "B", _("B Mining")
    C = "C", _("C Manufacturing")
    D = "D", _("D Electricity, heat, gas and water")
    E = "E", _("E Construction")
    F = "F", _("F Wholesale and retail")
    G = "G", _("G Transport, storage and post")
    H = "H", _("H Accommodation and catering")
    I = "I", _("I Information technology services")  # noqa: E741
    J = "J", _("J Finance")
    K = "K", _("K Real estate")
    L = "L", _("L Leasing and business services")
    M = "M", _("M Scientific research and technical services")
    N = "N", _("N Water, environment and public facilities")
    O = "O", _("O Resident and other services")  # noqa: E741
    P = "P", _("P Education")
    Q = "Q", _("Q Health and social work")
    R = "R", _("R Culture, sports and entertainment")
    S = "S", _("S Public administration and social organisations")


def sector_for_industry(section: str) -> str:
    """R2: GB/T 4754 section C is manufacturing; every other section is the second bucket."""
    return Sector.MANUFACTURING if section == IndustrySection.C else Sector.SERVICE


class DivisionKind(models.TextChoices):
    DISTRICT = "district", _("District")
    COUNTY = "county", _("County")
    CITY = "city", _("County-level city")
    ZONE = "zone", _("Development zone / new district")


class RecommenderKind(models.TextChoices):
    COUNTY = "county", _("County/district government or zone")
    INDUSTRY_DEPARTMENT = "department", _("Industry department")
    ASSOCIATION = "association", _("Industry association")


class Ownership(models.TextChoices):
    STATE = "state", _("State-owned")
    PRIVATE = "private", _("Private")
    FOREIGN = "foreign", _("Foreign-invested")
    MIXED = "mixed", _("Mixed ownership")
    PUBLIC_INSTITUTION = "institution", _("Public institution")
    OTHER = "other", _("Other")


class OrganisationSize(models.TextChoices):
    LARGE = "large", _("Large")
    MEDIUM = "medium", _("Medium")
    SMALL = "small", _("Small")
    MICRO = "micro", _("Micro")
