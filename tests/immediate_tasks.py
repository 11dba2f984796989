"""The task backend of the tests that do not start a worker."""

from django_tasks.backends.immediate import ImmediateBackend as Base


class ImmediateBackend(Base):
    """Runs each task as it is enqueued, like django-tasks' own, and takes
    `run_after` (a retry's delay, a throttled batch) as "now", so a test
    sees the whole chain at once. Tests of the real queue start a worker."""

    supports_defer = True
