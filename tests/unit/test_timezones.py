from __future__ import annotations

from datetime import UTC, datetime

import pytest

from visitplan.plan.timezones import UnknownZone, get_zone, resolve_local, utc_offset_label


@pytest.mark.parametrize(
    ("zone", "wall", "before", "after"),
    [
        ("Europe/Kyiv", datetime(2024, 3, 31, 3, 30), "03:00", "04:00"),
        ("Europe/Paris", datetime(2024, 3, 31, 2, 30), "02:00", "03:00"),
        ("America/New_York", datetime(2024, 3, 10, 2, 15), "02:00", "03:00"),
    ],
)
def test_a_time_in_the_spring_gap_is_reported_with_the_jump(
    zone: str, wall: datetime, before: str, after: str
) -> None:
    resolved = resolve_local(wall, get_zone(zone))
    assert resolved.problem == "gap"
    assert resolved.transition is not None
    assert f"{resolved.transition.before:%H:%M}" == before
    assert f"{resolved.transition.after:%H:%M}" == after


def test_a_time_in_the_autumn_fold_means_the_first_occurrence() -> None:
    resolved = resolve_local(datetime(2024, 10, 27, 3, 30), get_zone("Europe/Kyiv"))
    assert resolved.problem == "fold"
    assert resolved.instant.astimezone(UTC) == datetime(2024, 10, 27, 0, 30, tzinfo=UTC)
    assert utc_offset_label(resolved.instant) == "UTC+03:00"


def test_an_ordinary_time_has_no_problem() -> None:
    resolved = resolve_local(datetime(2024, 5, 28, 11), get_zone("Europe/Kyiv"))
    assert resolved.problem is None
    assert resolved.instant.astimezone(UTC) == datetime(2024, 5, 28, 8, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("Europe/Kiyv", "Europe/Kyiv"),
        ("europe/paris", "Europe/Paris"),
        ("Paris", "Europe/Paris"),
        ("New York", "America/New_York"),
    ],
)
def test_unknown_zones_come_with_suggestions(name: str, suggestion: str) -> None:
    with pytest.raises(UnknownZone) as caught:
        get_zone(name)
    assert suggestion in caught.value.suggestions


@pytest.mark.parametrize("name", ["../etc/passwd", "/etc/localtime", "", "Europe/../UTC"])
def test_path_like_zone_names_are_refused(name: str) -> None:
    with pytest.raises(UnknownZone):
        get_zone(name)
