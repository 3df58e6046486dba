"""ECharts options built on the server, drawn by static/js/charts.js (one module for every
chart): each point carries the link to the records behind it."""

RED, GREEN, BLUE, ORANGE, GREY = "#c8161d", "#2fb344", "#206bc4", "#f76707", "#868e96"


def bars(categories, series, *, stacked=False, horizontal=False) -> dict:
    """A bar chart. `series`: dicts with name, data, links (one per category) and colour."""
    axis_cat = {"type": "category", "data": list(categories)}
    axis_val = {"type": "value", "minInterval": 1}
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [s["name"] for s in series], "top": 0},
        "grid": {"left": 40, "right": 12, "bottom": 28, "top": 36, "containLabel": True},
        "xAxis": axis_val if horizontal else axis_cat,
        "yAxis": axis_cat if horizontal else axis_val,
        "series": [
            {
                "name": s["name"],
                "type": "bar",
                "data": list(s["data"]),
                "links": list(s.get("links", ())),
                **({"stack": "total"} if stacked else {}),
                **({"itemStyle": {"color": s["colour"]}} if s.get("colour") else {}),
            }
            for s in series
        ],
    }


def pie(name, items, *, colours=None) -> dict:
    """A ring chart. `items`: dicts with name, value and link."""
    option = {
        "tooltip": {"trigger": "item"},
        "series": [
            {
                "name": name,
                "type": "pie",
                "radius": ["40%", "70%"],
                "data": list(items),
                "label": {"formatter": "{b}: {c}"},
            }
        ],
    }
    if colours:
        option["color"] = list(colours)
    return option


def line(categories, series, *, percent=False) -> dict:
    """A line chart over periods; `series` as for `bars`."""
    option = bars(categories, series)
    for s in option["series"]:
        s["type"] = "line"
        s["smooth"] = True
    if percent:
        option["yAxis"] = {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}}
    return option
