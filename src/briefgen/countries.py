"""Country names and codes, from pycountry (never a hand-written table)."""

from __future__ import annotations

from functools import cache


@cache
def country_name(alpha2: str) -> str:
    """The common English name of a country, e.g. ``"jp"`` -> ``"Japan"``; ``KeyError`` if none."""
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha2.upper())
    if country is None:
        raise KeyError(alpha2)
    return str(getattr(country, "common_name", None) or country.name)


def is_country_code(code: str) -> bool:
    """True when ``code`` is an ISO 3166-1 alpha-2 code (any case)."""
    try:
        country_name(code)
    except KeyError:
        return False
    return len(code) == 2
