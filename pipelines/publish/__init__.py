"""Publish: site_data/ writers, page generators, charts and the two MkDocs sites.

`publish(dataset, computed, issues, root, keep_going=…, progress=…)` writes
``site_data/``, the generated pages, and builds ``site/`` (staff) and
``site-gestion/`` (management), each swapped into place atomically.
"""

from pipelines.publish.run import OutputFolders, PublishError, PublishResult, publish

__all__ = ["OutputFolders", "PublishError", "PublishResult", "publish"]
