"""Login throttling: django-axes in front of Django's own backend."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for logins that come through a request.

    Axes refuses `authenticate()` calls without a request (it needs the
    client's address). Those never come from the web: they are code such as
    the test client's `login()` or a shell. They pass through to the next
    backend, which checks the password as usual; every login form (the
    admin's included) passes its request and is throttled.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(
            request, username=username, password=password, **kwargs
        )
