"""Server-side SVG bar charts for survey results: no script, readable by screen readers through the chart's
title and description, and always followed by a data table with the same numbers (the template's job)."""

from dataclasses import dataclass

LABEL_WIDTH = 260
BAR_AREA = 360
VALUE_WIDTH = 90
ROW_HEIGHT = 28
BAR_HEIGHT = 18
PADDING = 8


@dataclass(frozen=True)
class ChartBar:
    label: str
    value_text: str
    y: int
    text_y: int
    width: int


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    width: int
    height: int
    label_width: int
    value_x: int
    bars: list[ChartBar]


def bar_chart(*, title: str, description: str, rows: list[tuple[str, int, float]]) -> BarChart:
    """Horizontal bars, one per (label, count, share of 0..1), scaled to the largest share."""
    largest = max((share for _label, _count, share in rows), default=0) or 1
    bars = []
    for index, (label, count, share) in enumerate(rows):
        y = PADDING + index * ROW_HEIGHT
        width = round(BAR_AREA * share / largest) if share else 0
        bars.append(
            ChartBar(
                label=label if len(label) <= 38 else label[:37] + "…",
                value_text=f"{count} ({round(share * 100)}%)",
                y=y + (ROW_HEIGHT - BAR_HEIGHT) // 2,
                text_y=y + ROW_HEIGHT // 2 + 5,
                width=max(width, 1) if count else 0,
            )
        )
    return BarChart(
        title=title,
        description=description,
        width=LABEL_WIDTH + BAR_AREA + VALUE_WIDTH,
        height=PADDING * 2 + ROW_HEIGHT * len(rows),
        label_width=LABEL_WIDTH,
        value_x=LABEL_WIDTH + BAR_AREA + 6,
        bars=bars,
    )
