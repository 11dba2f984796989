"""
The editors' admin of posts. Django's autodiscover imports this package;
importing each module registers its ModelAdmins: the countries, articles and
(in posts.meetings) meetings. `PostAdmin`, its form and the country filter,
which every kind shares (the appeals app too), are in `post`.
"""

from ..meetings import admin as meetings_admin
from . import articles, countries, tags
from .post import CountryPresentFilter, PostAdmin, PostAdminForm

__all__ = [
    "CountryPresentFilter",
    "PostAdmin",
    "PostAdminForm",
    "articles",
    "countries",
    "tags",
    "meetings_admin",
]
