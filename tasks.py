"""This site's tasks are the package's shared collection: `invoke --list`."""

from pelican_collab.tools.tasks import namespace  # noqa: F401
