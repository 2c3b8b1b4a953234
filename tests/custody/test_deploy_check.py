"""check-deploy on a server in memory custody: no clear key beside the keyring, no swap."""

from __future__ import annotations

from pathlib import Path

from caseflow.deploy_check import Deployment, check_box_sync, check_key_custody

SWAPS_HEADER = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"


def _codes(tmp_path: Path, custody: str, swaps: str | None = None) -> list[str]:
    deployment = Deployment(config={"KEY_CUSTODY": custody, "KEYS_DIR": str(tmp_path)},
                            environ={}, instance_path=tmp_path, swaps=swaps)
    return [finding.code for finding in check_key_custody(deployment)]


def test_it_flags_clear_key_files_left_beside_the_keyring(tmp_path):
    (tmp_path / "keyring.json").write_text("{}")
    assert _codes(tmp_path, "memory") == []
    (tmp_path / "kek-v1.key").write_text("x")
    assert _codes(tmp_path, "memory") == ["clear-keys-in-memory-custody"]
    assert _codes(tmp_path, "files") == []  # file custody: the key files are the design


def test_it_warns_of_a_swap_that_could_write_the_unlocked_key_to_disk(tmp_path):
    plain = SWAPS_HEADER + "/dev/sda3                               partition\t2097148\t0\t-2\n"
    encrypted = SWAPS_HEADER + "/dev/dm-1                               partition\t2097148\t0\t-2\n"
    assert _codes(tmp_path, "memory", plain) == ["swap-in-memory-custody"]
    assert _codes(tmp_path, "memory", encrypted) == []
    assert _codes(tmp_path, "memory", SWAPS_HEADER) == []


def test_it_refuses_a_central_with_boxes_that_records_nothing_for_them(tmp_path):
    def codes(**config) -> list[str]:
        deployment = Deployment(config=config, environ={}, instance_path=tmp_path,
                                boxes_enrolled=config.pop("boxes", 0))
        return [finding.code for finding in check_box_sync(deployment)]

    assert codes(boxes=2) == ["boxes-without-central-recording"]
    assert codes(boxes=2, SYNC_RECORD_CENTRAL=True) == []
    assert codes(boxes=0) == []
    assert codes(boxes=1, SYNC_ROLE="box") == []  # a box records its own work anyway
