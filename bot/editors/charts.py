"""The review page's charts, drawn as plain SVG on the server (no script, no library to keep
up to date), each with a table of the same numbers behind it for screen readers and for
copying. A chart is a list of bars, each bar one or two stacked values.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Dict, Iterable, List, Sequence, Tuple

from bot.shared import records

#: Colours with a contrast of at least 3:1 against white and each other's labels in text.
COLOURS = ("#1d4f91", "#b8541a")
WIDTH, BAR_AREA, LABEL_WIDTH, ROW = 640, 400, 200, 22


@dataclass
class Chart:
    """A horizontal bar chart: `series` names the (at most two) stacked values of each bar."""
    id: str
    title: str
    series: Tuple[str, ...]
    bars: List[Tuple[str, Tuple[int, ...]]]

    width = WIDTH
    #: Where a bar's label ends (right-aligned), just left of the bars.
    label_end = LABEL_WIDTH - 8

    @property
    def height(self) -> int:
        return ROW * max(len(self.bars), 1) + 30

    def svg_bars(self) -> List[Dict[str, Any]]:
        """Where each bar's rectangles and labels go (the template draws them)."""
        top = max((sum(values) for _, values in self.bars), default=0) or 1
        drawn = []
        for index, (label, values) in enumerate(self.bars):
            x, parts = LABEL_WIDTH, []
            for series, value in enumerate(values):
                width = round(BAR_AREA * value / top, 1)
                parts.append({"x": x, "width": width, "colour": COLOURS[series % 2]})
                x += width
            drawn.append({"y": index * ROW + 4, "label": label[:32], "parts": parts,
                          "total": sum(values), "end": x + 6})
        return drawn

    @property
    def legend(self) -> List[Tuple[str, str]]:
        return [(name, COLOURS[i % 2]) for i, name in enumerate(self.series)]


def per_day(records_read: Iterable[Dict[str, Any]], asked: Dict[date, int],
            since: date, until: date) -> Chart:
    """Questions per day: answered, and not answered (out of scope, did-you-mean, not in the
    sources). `asked` counts every visitor message per day (the tracker store's events)."""
    unanswered: Counter = Counter()
    for record in records_read:
        if record["reason"] in records.UNANSWERED:
            unanswered[_day(record["timestamp"])] += 1
    bars = []
    day = since
    while day <= until:
        missed = unanswered[day]
        bars.append((day.isoformat(), (max(asked.get(day, 0) - missed, 0), missed)))
        day += timedelta(days=1)
    return Chart("per-day", "Questions per day", ("answered", "not answered"), bars)


def uncovered(records_read: Iterable[Dict[str, Any]], gaps: Sequence[Dict[str, Any]],
              top: int = 10) -> Chart:
    """The subjects asked for that the sources do not cover: the known unknowns (pay, age...)
    and the gaps editors marked."""
    counts: Counter = Counter()
    for record in records_read:
        if record["reason"] == records.NOT_IN_SOURCES:
            counts[record["subject"] or "(other)"] += 1
    for gap in gaps:
        counts[f"gap: {gap['gap']}"] += gap["count"]
    return Chart("uncovered", "Top subjects the sources do not cover", ("questions",),
                 [(subject, (count,)) for subject, count in counts.most_common(top)])


def feedback_per_topic(votes: Iterable[Dict[str, Any]]) -> Chart:
    """Thumbs up and down per topic of the answer rated."""
    per_topic: Dict[str, Counter] = defaultdict(Counter)
    for vote in votes:
        per_topic[vote["topic"] or "(unknown)"][vote["value"]] += 1
    ordered = sorted(per_topic, key=lambda t: (-sum(per_topic[t].values()), t))
    return Chart("feedback", "Feedback per topic", ("helpful", "not helpful"),
                 [(topic, (per_topic[topic]["up"], per_topic[topic]["down"]))
                  for topic in ordered])


def _day(timestamp: float) -> date:
    return datetime.fromtimestamp(timestamp, timezone.utc).date()
