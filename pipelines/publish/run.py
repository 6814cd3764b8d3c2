"""`publish`: site_data/, the generated pages and the two static sites, atomically.

Under `root`: ``site_data/`` (JSON + CSV per table), ``build/pages/personnel`` and
``build/pages/gestion`` (the generated Markdown, with copies of the hand-written pages
of ``docs/``), then ``site/`` (staff) and ``site-gestion/`` (management). Each output
folder is built beside its target and swapped in only when everything has been built:
a failure leaves every previous output whole. The MkDocs configurations kept in
``build/`` name the published folders (``mkdocs serve -f build/mkdocs-personnel.yml``
works); after a failure they are removed.

The figures whose computation failed (``calcul-en-echec``) join the issues: the report
lists them, and they are returned as publication warnings.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

from pipelines.compute.figures import Computed
from pipelines.dataset import Dataset
from pipelines.documents.archive import archived_files
from pipelines.french import plural
from pipelines.issues import Issue, catalogue
from pipelines.publish.atomic import Staging, purge_stale_stagings
from pipelines.publish.mkdocs_build import SiteBuildError, build_site
from pipelines.publish.offline import external_references
from pipelines.publish.page import write_files
from pipelines.publish.site_data import write_site_data
from pipelines.publish.sites import (
    MANAGEMENT,
    STAFF,
    Site,
    build_sites,
    copy_handwritten,
    mkdocs_config,
)

SITE_DIRS = {STAFF: "site", MANAGEMENT: "site-gestion"}
SITE_DATA_DIR = "site_data"
PAGES_DIR = Path("build") / "pages"


@dataclass(frozen=True)
class OutputFolders:
    """Where `publish` writes under its root: site_data/, site/ and site-gestion/."""

    root: Path

    @property
    def site_data(self) -> Path:
        return self.root / SITE_DATA_DIR

    @property
    def staff(self) -> Path:
        return self.root / SITE_DIRS[STAFF]

    @property
    def management(self) -> Path:
        return self.root / SITE_DIRS[MANAGEMENT]


class PublishError(Exception):
    """Publication refused (blocking issues without keep_going) or impossible."""


@dataclass(frozen=True)
class PublishResult:
    site_data: Path
    staff_site: Path
    management_site: Path
    tables: tuple[str, ...]  # the tables written to site_data/
    staff_files: int  # generated pages and assets of each site
    management_files: int
    blocking: int  # blocking issues published anyway (with the banner)
    warnings: tuple[str, ...]  # MkDocs warnings (none expected)


def _write_pages(site: Site, pages_dir: Path) -> int:
    if pages_dir.exists():
        shutil.rmtree(pages_dir)
    pages_dir.mkdir(parents=True)
    copy_handwritten(site.kind, pages_dir)
    for relative, source in site.documents.items():  # MkDocs copies them into the site
        (pages_dir / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, pages_dir / relative)
    return write_files(pages_dir, site.files) + len(site.documents)


def config_file(root: Path, site: Site) -> Path:
    return root / "build" / f"mkdocs-{site.kind}.yml"


def _write_config(site: Site, root: Path, site_dir: Path, issues: list[Issue],
                  computed: Computed) -> Path:
    """The site's MkDocs configuration in build/, building into `site_dir`."""
    config = mkdocs_config(site, root / PAGES_DIR / site.kind, site_dir, issues, computed)
    path = config_file(root, site)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def _build(
    site: Site, root: Path, stage: Staging, issues: list[Issue], computed: Computed
) -> list[str]:
    """Write the site's pages and configuration, build it into its staging folder."""
    _write_pages(site, root / PAGES_DIR / site.kind)
    warnings = build_site(_write_config(site, root, stage.path, issues, computed),
                          computed.as_of, root)
    return warnings + [
        f"{site.name} : {file} appelle un autre hôte ({address})"
        for file, address in external_references(stage.path)
    ]


def _settle_configs(sites: list[Site], root: Path, issues: list[Issue], computed: Computed,
                    committed: bool) -> None:
    """After a publication, the kept configurations name the published folders; after a
    failure, none is kept (it would name a temporary folder that is gone)."""
    for site in sites:
        if committed:
            _write_config(site, root, root / SITE_DIRS[site.kind], issues, computed)
        else:
            config_file(root, site).unlink(missing_ok=True)


def publish(
    dataset: Dataset,
    computed: Computed,
    issues: list[Issue],
    root: Path,
    *,
    keep_going: bool = False,
    progress: Callable[[str], None] | None = None,
) -> PublishResult:
    """Write site_data/ and build both sites under `root`, all or nothing."""
    step = progress or (lambda message: None)
    blocking = sum(1 for issue in issues if issue.blocking)
    if blocking and not keep_going:
        count = plural(blocking, "anomalie bloquante", "anomalies bloquantes")
        raise PublishError(f"{count} : publication refusée (sans --keep-going)")
    if computed.as_of != dataset.as_of:
        raise PublishError("les calculs ne sont pas à la date d'arrêté du jeu de données")
    root = Path(root).resolve()
    issues = [*issues, *computed.issues]
    archived = archived_files(dataset.folder) if dataset.folder is not None else {}
    sites = build_sites(computed, issues, catalogue(), archived)
    for folder in (SITE_DATA_DIR, *SITE_DIRS.values()):
        purge_stale_stagings(root / folder)
    stages: list[Staging] = []
    committed = False
    try:
        stages.append(Staging(root / SITE_DATA_DIR))
        tables = write_site_data(stages[0].path, computed)
        step(f"site_data : {len(tables)} tableaux écrits")
        warnings = [f"calcul en échec : {issue}" for issue in computed.issues]
        for site in sites:
            stages.append(Staging(root / SITE_DIRS[site.kind]))
            warnings += _build(site, root, stages[-1], issues, computed)
            step(f"Site {site.name} construit ({len(site.files)} pages et fichiers)")
        for stage in stages:
            stage.commit()
        committed = True
    except SiteBuildError as error:
        raise PublishError(str(error)) from error
    finally:
        for stage in stages:
            stage.discard()
        _settle_configs(sites, root, issues, computed, committed)
    folders = OutputFolders(root)
    return PublishResult(
        folders.site_data, folders.staff, folders.management,
        tuple(tables), len(sites[0].files), len(sites[1].files), blocking, tuple(warnings),
    )
