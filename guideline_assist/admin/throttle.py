"""How often one key (a user name, a client address) may try something: logins, feedback.

    throttle = Throttle(limit=5, window_s=900, lock_s=60)    # logins: 5 failures, then 60 s, 120 s, ...
    wait = throttle.attempt("user:dilnoza", "addr:10.0.0.7")  # 0.0: counted, go ahead; else seconds to wait
    throttle.forget("user:dilnoza")                           # the login succeeded: not a failure after all
    throttle.unhit("addr:10.0.0.7")

With `lock_s`, a key that reached `limit` hits within `window_s` waits `lock_s` after its last hit, doubled
for every further hit (capped at `window_s`): a guesser gets slower and slower. Without it, a plain sliding
window: at most `limit` hits in any `window_s`.

In memory, per process (one web app). Thread-safe. An attempt is counted before the slow check it guards runs, so
parallel attempts cannot slip past the limit together. The number of keys is capped: callers choose the keys
(an attacker types the user name), so the oldest keys are dropped first, the forgotten-anyway ones before
any other.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

MAX_KEYS = 100_000  # ~20 MB at worst; filling it within a window takes longer than the window (scrypt)


class Throttle:
    def __init__(
        self,
        limit: int,
        window_s: float,
        lock_s: float | None = None,
        *,
        max_keys: int = MAX_KEYS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1 or window_s <= 0 or (lock_s is not None and lock_s <= 0) or max_keys < 1:
            raise ValueError("a throttle needs limit >= 1, window_s > 0, lock_s > 0 (or None) and max_keys >= 1")
        self.limit, self.window_s, self.lock_s, self.max_keys = limit, window_s, lock_s, max_keys
        self._clock = clock
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()  # least recently hit first
        self._lock = threading.Lock()

    def retry_after(self, *keys: str) -> float:
        """Seconds until every key may try again; 0.0 if all may try now."""
        with self._lock:
            now = self._clock()
            return max((self._wait(key, now) for key in keys), default=0.0)

    def attempt(self, *keys: str) -> float:
        """Count one attempt for each key and return 0.0; or, if any key must wait, count nothing and return
        the seconds to wait."""
        with self._lock:
            now = self._clock()
            wait = max((self._wait(key, now) for key in keys), default=0.0)
            if wait > 0:
                return wait
            for key in keys:
                hits = self._recent(key, now) or deque()
                hits.append(now)
                self._hits[key] = hits
                self._hits.move_to_end(key)
            self._shrink(now)
            return 0.0

    def forget(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._hits.pop(key, None)

    def unhit(self, key: str) -> None:
        """Take back the latest attempt of one key (it turned out to be a good one)."""
        with self._lock:
            hits = self._hits.get(key)
            if hits:
                hits.pop()

    def _recent(self, key: str, now: float) -> deque[float] | None:
        hits = self._hits.get(key)
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        return hits

    def _wait(self, key: str, now: float) -> float:
        hits = self._recent(key, now)
        if not hits or len(hits) < self.limit:
            return 0.0
        if self.lock_s is None:  # free once enough hits have left the window
            return max(0.0, hits[len(hits) - self.limit] + self.window_s - now)
        pause = min(self.lock_s * 2 ** min(len(hits) - self.limit, 40), self.window_s)
        return max(0.0, hits[-1] + pause - now)

    def _shrink(self, now: float) -> None:
        if len(self._hits) <= self.max_keys:
            return
        for key in [k for k, hits in self._hits.items() if not hits or hits[-1] <= now - self.window_s]:
            del self._hits[key]
        while len(self._hits) > self.max_keys:
            self._hits.popitem(last=False)
