from pipelines.publish.atomic import (
    Staging, backup_of, purge_stale_stagings, restore_interrupted_swap,
)


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_text() for p in folder.rglob("*") if p.is_file()}


def test_commit_replaces_the_target_whole(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "ancien.html").write_text("ancien")
    stage = Staging(target)
    (stage.path / "nouveau.html").write_text("nouveau")
    assert tree(target) == {"ancien.html": "ancien"}  # untouched until the commit
    stage.commit()
    stage.discard()
    assert tree(target) == {"nouveau.html": "nouveau"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert oct(target.stat().st_mode & 0o777) == "0o755"


def test_discard_leaves_the_previous_target(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("en ligne")
    stage = Staging(target)
    (stage.path / "index.html").write_text("à moitié")
    stage.discard()
    assert tree(target) == {"index.html": "en ligne"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_swap_cut_between_its_two_renames_is_undone(tmp_path):
    target = tmp_path / "site"
    backup = backup_of(target)
    backup.mkdir()
    (backup / "index.html").write_text("précédent")
    restore_interrupted_swap(target)
    assert tree(target) == {"index.html": "précédent"} and not backup.exists()


def test_folders_left_by_a_killed_build_are_purged(tmp_path):
    target = tmp_path / "site"
    stale = [tmp_path / ".site.tmp-abc123", tmp_path / ".site.tmp-def456"]
    for folder in stale:
        (folder / "assets").mkdir(parents=True)
    other = tmp_path / ".site-gestion.tmp-xyz"  # another target's: not this one's to remove
    other.mkdir()
    assert purge_stale_stagings(target) == stale
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-gestion.tmp-xyz"]
    assert purge_stale_stagings(tmp_path / "absent" / "site") == []
