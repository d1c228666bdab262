"""The throttle behind login and feedback limits: counted per key, with a clock the test moves by hand."""

from __future__ import annotations

import threading

import pytest

from guideline_assist.admin.throttle import Throttle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


class TestThrottle:
    def test_init_refuses_nonsense(self):
        for args in ((0, 60), (5, 0), (5, 60, 0)):
            with pytest.raises(ValueError, match="limit"):
                Throttle(*args)

    def test_login_guesser_is_paused_after_the_limit_for_a_doubling_time(self, clock):
        throttle = Throttle(5, 900, 60, clock=clock)
        assert [throttle.attempt("user:editor1") for _ in range(5)] == [0.0] * 5
        assert throttle.attempt("user:editor1") == 60  # the sixth is refused and not counted
        assert throttle.retry_after("user:editor1") == 60
        clock.now += 60
        assert throttle.attempt("user:editor1") == 0.0  # one more try, then a longer pause
        assert throttle.attempt("user:editor1") == 120
        clock.now += 120
        assert throttle.attempt("user:editor1") == 0.0
        assert throttle.attempt("user:editor1") == 240
        assert throttle.attempt("user:someone-else") == 0.0  # keys are separate

    def test_pause_never_exceeds_the_window_and_old_failures_are_forgotten(self, clock):
        throttle = Throttle(2, 900, 600, clock=clock)
        throttle.attempt("k")
        throttle.attempt("k")
        clock.now += 600
        throttle.attempt("k")
        assert throttle.retry_after("k") == 900  # 1200 capped at the window
        clock.now += 901
        assert throttle.retry_after("k") == 0.0

    def test_any_locked_key_refuses_and_nothing_is_counted_then(self, clock):
        throttle = Throttle(2, 900, 60, clock=clock)
        throttle.attempt("user:a", "address:1")
        throttle.attempt("user:b", "address:1")
        assert throttle.attempt("user:c", "address:1") == 60  # the address is paused, whatever the name
        assert throttle.retry_after("user:c") == 0.0  # ...and the refused attempt did not count for c
        assert throttle.attempt("user:c", "address:2") == 0.0

    def test_forget_and_unhit_take_back_a_good_login(self, clock):
        throttle = Throttle(2, 900, 60, clock=clock)
        throttle.attempt("user:a", "address:1")
        throttle.attempt("user:a", "address:1")
        assert throttle.retry_after("user:a") == 60
        throttle.forget("user:a")
        throttle.unhit("address:1")
        assert throttle.retry_after("user:a", "address:1") == 0.0
        throttle.unhit("never-seen")  # no error

    def test_sliding_window_without_lock_frees_as_old_hits_leave(self, clock):
        throttle = Throttle(3, 600, clock=clock)  # feedback: 3 per 10 min
        for _ in range(3):
            assert throttle.attempt("address:1") == 0.0
            clock.now += 100
        assert throttle.attempt("address:1") == 300  # the first hit leaves the window at +600
        clock.now += 300
        assert throttle.attempt("address:1") == 0.0

    def test_keys_are_capped_dropping_stale_then_least_recent(self, clock):
        throttle = Throttle(1, 100, 10, max_keys=3, clock=clock)
        throttle.attempt("stale")
        clock.now += 200
        for key in ("a", "b", "c"):
            throttle.attempt(key)
        assert throttle.retry_after("a", "b", "c") > 0 and len(throttle._hits) == 3
        throttle.attempt("d")  # "stale" had already expired; now "a", the least recent, goes
        assert throttle.retry_after("a") == 0.0 and throttle.retry_after("b", "c", "d") > 0

    def test_parallel_attempts_never_pass_the_limit(self):
        throttle = Throttle(5, 900, 60)
        passed: list[float] = []

        def go() -> None:
            for _ in range(20):
                if throttle.attempt("user:editor1") == 0.0:
                    passed.append(1.0)

        threads = [threading.Thread(target=go) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(passed) == 5
