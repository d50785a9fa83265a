"""Deploying: the error every deploy step raises, and where each part of a deploy lives.

``deploy:`` in ``hiring.yml`` (:mod:`hiring_kb.sources.deploy_settings`, docs/publishing.md "Targets") names
the target; :func:`hiring_kb.publish.targets.target_for` returns the object that does the work:

``target: dir`` (:mod:`hiring_kb.publish.dir_target`)
    ``path`` is a local folder served by an authenticated web server (see ``deploy/nginx.conf``).
    Each deploy copies the site into ``<path>/releases/<timestamp>/`` and then switches the
    ``<path>/current`` symlink to it with one ``rename`` (atomic on POSIX), so a reader sees
    the old release or the new one, never a mix; a deploy killed midway leaves ``current``
    where it was (its unfinished ``.partial`` copy is removed by the next deploy). The last
    ``keep`` releases stay for rollback.

``target: git`` (:mod:`hiring_kb.publish.git_target`)
    ``remote`` (URL or path) gets one orphan commit per deploy on ``publish_branch``, force-pushed:
    the branch never has history, so a removed candidate is in no reachable commit.

``target: rsync`` (:mod:`hiring_kb.publish.rsync_target`)
    The ``dir`` target on another machine, over ssh: ``host`` and ``user`` (or ``host: user@server``), ``path`` (an
    absolute folder on that server), optional ``port``, ``identity`` (the private key file) and
    ``known_hosts`` (the server's host key; the connection is refused when it does not match).
    The same releases, modes, switch and records.

The release folders and their records are in :mod:`hiring_kb.publish.releases`; the check that the web
server's user can read what is served in :mod:`hiring_kb.publish.web_access`; the search of files and git
objects for a candidate in :mod:`hiring_kb.publish.trace_search`; the pipeline that validates, builds,
audits and then publishes in :mod:`hiring_kb.publish.publishing`.

This module holds :class:`DeployError` only: it is imported by every step and every task that
deploys, so it stays free of any deploy code.
"""

from __future__ import annotations


class DeployError(Exception):
    """A deploy, rollback or check that cannot be done; the message says why and what to do."""
