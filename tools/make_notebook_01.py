"""Write notebooks/01-dataset.ipynb (outputs empty). Rerun after editing the cells."""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

cells = [
new_markdown_cell("""# 01 · The incident dataset

What the bundled table holds: incidents by side, year and country; the daily rhythm of
attacks and strikes; monthly bars by country and weapon; the stated triggers ("who
answered what"); and how the table's counts compare with the official cumulative tallies
given at Pentagon briefings. Every figure goes through `save_figure`, every number quoted
through `save_values` (`figures/values/01-dataset.json`). The codebook is `data/README.md`."""),
new_code_cell("""import os

import pandas as pd

from analysis import (load_incidents, load_official_tallies, load_sources, save_figure,
                      save_values, stated_triggers, to_counts)
from analysis.casestudy import SIDES, WINDOWS, dyad_incidents, window
from analysis.plotting import (new_figure, plot_cumulative_vs_tallies, plot_stacked_bars,
                               plot_timeline)

QUICK = os.environ.get("ESCALATION_QUICK") == "1"   # nothing random here; kept for the convention
pd.set_option("display.width", 120)"""),
new_code_cell("""inc = load_incidents()
sources = load_sources()
tallies = load_official_tallies()
dyad = dyad_incidents(inc)               # militia (incl. Iran's own forces) vs US; no convoys
print(f"{len(inc)} incidents ({inc['n_attacks'].sum()} attacks/strikes) from {len(sources)} sources; "
      f"{inc['date'].min():%d %b %Y} - {inc['date'].max():%d %b %Y}")"""),
new_markdown_cell("## Rows by side, year, country and confirmation"),
new_code_cell("""by_year = inc.groupby([inc["date"].dt.year.rename("year"), "side"]).size().unstack(fill_value=0)
by_country = inc.groupby(["country", "side"]).size().unstack(fill_value=0)
by_confirmation = inc.groupby(["side", "confirmation"]).size().unstack(fill_value=0)
by_target = inc[inc["event_type"] == "attack"].groupby("target_kind").size()
display(by_year, by_country, by_confirmation, by_target.to_frame("attacks"))"""),
new_markdown_cell("## The daily rhythm\n\nWeekly counts over the whole record and daily counts in the 17 Oct 2023 – 4 Feb 2024 campaign: militia attacks above the axis, US strikes below."),
new_code_cell("""campaign = tuple(pd.Timestamp(d) for d in WINDOWS["campaign"])
fig, axes = new_figure("double", nrows=2)
weekly = to_counts(dyad, freq="W", columns=SIDES)
plot_timeline(weekly, ax=axes[0], spans=[(*campaign, "campaign")], ylabel="per week")
axes[0].set_title("Attacks on US forces and US strikes, Dec 2019 - Dec 2024 (weekly)")
daily = to_counts(window(dyad, "campaign"), start=campaign[0], end=campaign[1], columns=SIDES)
plot_timeline(daily, ax=axes[1], ylabel="per day")
axes[1].set_title("17 Oct 2023 - 4 Feb 2024 (daily)")
fig.tight_layout()
save_figure(fig, "01-timeline")"""),
new_markdown_cell("## Monthly incidents by country and by weapon"),
new_code_cell("""def top(table, n=6):
    keep = table.sum().sort_values(ascending=False).index[:n]
    out = table[keep].copy()
    if len(table.columns) > n:
        out["other"] = table.drop(columns=keep).sum(axis=1)
    return out

monthly_country = to_counts(inc, freq="MS", by="country")
monthly_weapon = top(to_counts(inc, freq="MS", by="weapon"))
fig, axes = new_figure("double", nrows=2, sharex=True)
plot_stacked_bars(monthly_country, ax=axes[0], ylabel="attacks and strikes per month")
plot_stacked_bars(monthly_weapon, ax=axes[1], ylabel="attacks and strikes per month")
axes[0].set_title("By country")
axes[1].set_title("By weapon")
fig.tight_layout()
save_figure(fig, "01-monthly")"""),
new_markdown_cell("## Who answered what\n\nIncidents whose acting side or officials named the incident(s) they answered (`retaliation_for`)."),
new_code_cell("""trig = stated_triggers(inc)
pairs = trig.groupby(["side", "trigger_side"]).agg(responses=("incident_id", "nunique"),
                                                    median_lag_days=("lag_days", "median"))
display(pairs)
us_answers = (trig[trig["side"] == "us"]
              .groupby("incident_id")
              .agg(date=("date", "first"), location=("location", "first"),
                   triggers=("trigger_id", lambda s: "; ".join(s)), lag_days=("lag_days", "min")))
display(us_answers)"""),
new_markdown_cell("## The table against the official tallies\n\nCumulative militia attacks in the table since 17 Oct 2023 (all; confirmed or claimed; confirmed) and the cumulative counts US officials gave (which count attacks on bases and facilities)."),
new_code_cell("""fig, ax = new_figure("wide")
plot_cumulative_vs_tallies(dyad, tallies, side="militia", since="2023-10-17", until="2024-02-05", ax=ax)
fig.tight_layout()
save_figure(fig, "01-official-tallies")

camp = dyad[(dyad["side"] == "militia") & (dyad["date"] >= "2023-10-17")]
rows = []
for t in tallies[tallies["since"] == "2023-10-17"].itertuples():
    upto = camp[camp["date"] <= t.as_of_date]
    rows.append({"as_of": t.as_of_date.date(), "official": t.total,
                 "official_iraq": t.iraq, "official_syria": t.syria,
                 "table_all": int(upto["n_attacks"].sum()),
                 "table_confirmed_or_claimed": int(upto.loc[upto.confirmation != "reported", "n_attacks"].sum()),
                 "table_confirmed": int(upto.loc[upto.confirmation == "confirmed", "n_attacks"].sum()),
                 "table_iraq": int(upto.loc[upto.country == "Iraq", "n_attacks"].sum()),
                 "table_syria": int(upto.loc[upto.country == "Syria", "n_attacks"].sum())})
comparison = pd.DataFrame(rows)
comparison"""),
new_code_cell("""end = camp[camp["date"] <= "2024-02-04"]
values = {
    "n_incidents": len(inc),
    "n_attacks_total": int(inc["n_attacks"].sum()),
    "n_sources": len(sources),
    "n_sources_arabic": int((sources["language"] == "ar").sum()),
    "incidents_by_side": inc["side"].value_counts().sort_index().to_dict(),
    "incidents_by_year_and_side": {str(y): r.to_dict() for y, r in by_year.iterrows()},
    "incidents_by_country_and_side": {c: r.to_dict() for c, r in by_country.iterrows()},
    "incidents_by_confirmation": inc["confirmation"].value_counts().sort_index().to_dict(),
    "attacks_by_target_kind": by_target.to_dict(),
    "campaign_militia_attacks": {
        "all": int(end["n_attacks"].sum()),
        "confirmed_or_claimed": int(end.loc[end.confirmation != "reported", "n_attacks"].sum()),
        "confirmed": int(end.loc[end.confirmation == "confirmed", "n_attacks"].sum()),
        "iraq": int(end.loc[end.country == "Iraq", "n_attacks"].sum()),
        "syria": int(end.loc[end.country == "Syria", "n_attacks"].sum()),
        "jordan": int(end.loc[end.country == "Jordan", "n_attacks"].sum()),
        "official_early_feb": 170,
    },
    "tally_comparison": comparison.assign(as_of=comparison["as_of"].astype(str)).set_index("as_of").to_dict(orient="index"),
    "stated_trigger_pairs": len(trig),
    "us_strikes_with_stated_trigger": int(trig.loc[trig.side == "us", "incident_id"].nunique()),
    "us_median_lag_to_stated_trigger_days": float(us_answers["lag_days"].median()),
}
save_values(values, "01-dataset")
values["campaign_militia_attacks"]"""),
]
nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
    "language_info": {"name": "python"}})
nbformat.write(nb, "notebooks/01-dataset.ipynb")
