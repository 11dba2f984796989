import pytest


@pytest.fixture(autouse=True)
def _countries(request):
    """The ISO countries come from a data migration, which a transactional
    (browser) test run earlier in the session flushes away; put them back for
    the tests that use the database."""
    if "django_db" not in {mark.name for mark in request.node.iter_markers()}:
        return
    request.getfixturevalue("db")
    from django_countries import countries

    from posts.models import Country

    if not Country.objects.exists():
        Country.objects.bulk_create(
            [Country(code=code, name=name) for code, name in countries]
        )
