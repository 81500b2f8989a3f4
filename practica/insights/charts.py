"""Charts drawn on the server as SVG: a line per series, with a title, a description in words, and the same
figures as a table (the template puts it next to the chart) and as CSV. No script is needed to read them.

Lines differ in pattern (solid, dashed, dotted) as well as colour, and the legend names the pattern, so no
meaning depends on colour alone.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40
STYLES = [
    {"colour": "#0b5563", "dash": "", "pattern": _("solid line")},
    {"colour": "#8a3b00", "dash": "8 5", "pattern": _("dashed line")},
    {"colour": "#1b2326", "dash": "2 4", "pattern": _("dotted line")},
]


@dataclass
class Series:
    name: str
    values: list[float | None]
    style: dict = field(default_factory=dict)
    path: str = ""
    points: list[tuple[float, float]] = field(default_factory=list)


@dataclass
class Chart:
    chart_id: str
    title: str
    description: str
    labels: list[str]
    series: list[Series]
    unit: str = ""
    width: int = WIDTH
    height: int = HEIGHT
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    csv_url: str = ""

    @property
    def rows(self) -> list[tuple[str, list]]:
        """The data table: one row per label, one column per series."""
        return [(label, [series.values[index] for series in self.series]) for index, label in enumerate(self.labels)]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{digits}f}"


def _describe(title: str, labels: list[str], series: list[Series], unit: str) -> str:
    parts = []
    for line in series:
        known = [(label, value) for label, value in zip(labels, line.values, strict=False) if value is not None]
        if not known:
            parts.append(_("%(name)s: no figures yet.") % {"name": line.name})
            continue
        high_label, high = max(known, key=lambda pair: pair[1])
        parts.append(
            _(
                "%(name)s went from %(first)s (%(first_label)s) to %(last)s (%(last_label)s); "
                "highest %(high)s (%(high_label)s)."
            )
            % {
                "name": line.name,
                "first": number(known[0][1]),
                "first_label": known[0][0],
                "last": number(known[-1][1]),
                "last_label": known[-1][0],
                "high": number(high),
                "high_label": high_label,
            }
        )
    return " ".join(parts)


def line_chart(chart_id: str, title: str, labels: list[str], series: list[Series], *, unit: str = "") -> Chart:
    """Lay out the lines; None values leave a gap."""
    values = [value for line in series for value in line.values if value is not None]
    top = _nice_max(max(values, default=0))
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    count = max(len(labels), 1)

    def x_at(index: int) -> float:
        return LEFT + (plot_width * index / (count - 1) if count > 1 else plot_width / 2)

    def y_at(value: float) -> float:
        return TOP + plot_height - plot_height * value / top

    for position, line in enumerate(series):
        line.style = line.style or STYLES[position % len(STYLES)]
        commands, pen_down = [], False
        line.points = []
        for index, value in enumerate(line.values):
            if value is None:
                pen_down = False
                continue
            x, y = round(x_at(index), 1), round(y_at(value), 1)
            commands.append(f"{'L' if pen_down else 'M'}{x} {y}")
            line.points.append((x, y))
            pen_down = True
        line.path = " ".join(commands)
    y_ticks = [(round(y_at(top * step / 4), 1), number(top * step / 4)) for step in range(5)]
    every = max(1, -(-count // 6))
    x_ticks = [(round(x_at(index), 1), label) for index, label in enumerate(labels) if index % every == 0]
    return Chart(
        chart_id=chart_id,
        title=title,
        description=_describe(title, labels, series, unit),
        labels=labels,
        series=series,
        unit=unit,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
    )
