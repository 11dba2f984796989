"""
The editors' admin of posts. Django's autodiscover imports this package;
importing each module registers its ModelAdmins: the countries, articles and
(in posts.meetings) meetings. `PostAdmin`, which every kind shares (the
appeals app too), is in `post`, its form in `forms` and the list filters (the
country filter among them) in `filters`.
"""

from ..meetings import admin as meetings_admin
from . import articles, countries, tags
from .filters import CountryPresentFilter
from .forms import LanguageDefaultFormMixin, PostAdminForm
from .post import PostAdmin

__all__ = [
    "CountryPresentFilter",
    "LanguageDefaultFormMixin",
    "PostAdmin",
    "PostAdminForm",
    "articles",
    "countries",
    "tags",
    "meetings_admin",
]
