"""A Radicale hook for tests: with $VISITPLAN_TEST_STOP_AFTER=N, the server process dies
right after storing its N-th entry, before it answers: a server lost part-way."""

import os

from radicale.hook import BaseHook


class Hook(BaseHook):
    stored = 0

    @property
    def enabled(self) -> bool:
        return bool(os.environ.get("VISITPLAN_TEST_STOP_AFTER"))

    def notify(self, notification_item: object) -> None:
        Hook.stored += 1
        if Hook.stored >= int(os.environ["VISITPLAN_TEST_STOP_AFTER"]):
            os._exit(3)
