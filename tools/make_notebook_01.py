"""Write notebooks/01-dataset.ipynb (outputs empty). Rerun after editing the cells:
``python tools/make_notebook_01.py`` from the repository root."""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

cells = [
new_markdown_cell("""# 01 · The incident dataset

What the bundled table holds: incidents by side, year and country; the daily rhythm of
attacks and strikes; monthly bars by country and weapon; the stated triggers ("who
answered what"); and how the table's counts compare with the official cumulative tallies
given at Pentagon briefings. Every figure goes through `save_figure`, every number quoted
through `save_values` (`figures/values/01-dataset.json`); the sentences after each table
and figure are built from those numbers by the code, and the findings are collected at
the end. The codebook is `data/README.md`."""),
new_code_cell("""import os

import pandas as pd
from IPython.display import display

from analysis import (load_incidents, load_official_tallies, load_sources, save_figure,
                      save_values, stated_triggers, to_counts)
from analysis.casestudy import SIDES, WINDOWS, dyad_incidents, window
from analysis.plotting import (new_figure, plot_cumulative_vs_tallies, plot_stacked_bars,
                               plot_timeline)
from analysis.reporting import Prose, format_table, number

def share(part, whole):
    return f"{100 * part / whole:.0f}%"

def days(n):
    return f"{number(n)} day{'' if float(n) == 1 else 's'}"

QUICK = os.environ.get("ESCALATION_QUICK") == "1"   # nothing random here; kept for the convention
pd.set_option("display.width", 120)"""),
new_code_cell("""inc = load_incidents()
sources = load_sources()
tallies = load_official_tallies()
dyad = dyad_incidents(inc)               # militia (incl. Iran's own forces) vs US; no convoys
Prose(f"The table holds **{number(len(inc))} incidents** ({number(int(inc['n_attacks'].sum()))} "
      f"attacks and strikes) from {number(len(sources))} public sources "
      f"({number(int((sources['language'] == 'ar').sum()))} in Arabic), "
      f"{inc['date'].min():%d %B %Y} – {inc['date'].max():%d %B %Y}. The militia–US dyad the "
      f"models use has {number(len(dyad))} of them (Iran's own two missile attacks count as "
      "militia; unattributed strikes, attacks on convoys and on partners are left out).")"""),
new_markdown_cell("## Rows by side, year, country and confirmation"),
new_code_cell("""by_year = inc.groupby([inc["date"].dt.year.rename("year"), "side"]).size().unstack(fill_value=0)
by_country = inc.groupby(["country", "side"]).size().unstack(fill_value=0)
by_confirmation = inc.groupby(["side", "confirmation"]).size().unstack(fill_value=0)
by_target = inc[inc["event_type"] == "attack"].groupby("target_kind").size()
for caption, table in [("Incidents by year and side", by_year),
                       ("Incidents by country and side", by_country),
                       ("Incidents by side and confirmation", by_confirmation),
                       ("Attacks by target", by_target.to_frame("attacks"))]:
    display(format_table(table, caption=caption))"""),
new_code_cell("""n = len(inc)
conf = inc["confirmation"].value_counts()
busiest = by_year["militia"].idxmax()
top_country = inc["country"].value_counts()
Prose(f"Militia attacks are {number(int(by_year['militia'].sum()))} of the {number(n)} rows "
      f"({share(by_year['militia'].sum(), n)}) and US strikes {number(int(by_year['us'].sum()))} "
      f"({share(by_year['us'].sum(), n)}). The busiest militia year is {busiest} with "
      f"{number(int(by_year.loc[busiest, 'militia']))} incidents. "
      f"{top_country.index[0]} has {share(top_country.iloc[0], n)} of all rows and "
      f"{top_country.index[1]} {share(top_country.iloc[1], n)}. "
      f"Only {share(conf.get('confirmed', 0), n)} of the rows are **confirmed** by the targeted "
      f"side or an official source; {share(conf.get('claimed', 0), n)} rest on a claim and "
      f"{share(conf.get('reported', 0), n)} on reports alone — the uncertainty that the "
      "confirmed-only analyses of notebooks 02–04 bound.")"""),
new_markdown_cell("## The daily rhythm\\n\\nWeekly counts over the whole record and daily counts in the 17 Oct 2023 – 4 Feb 2024 campaign: militia attacks above the axis, US strikes below."),
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
new_code_cell("""all_days = to_counts(dyad, start=WINDOWS["all"][0], end=WINDOWS["all"][1], columns=SIDES)
in_camp = (all_days.index >= campaign[0]) & (all_days.index <= campaign[1])
rhythm = pd.DataFrame({
    "days": [int(in_camp.sum()), int((~in_camp).sum())],
    **{f"{s} events": [int(all_days.loc[in_camp, s].sum()), int(all_days.loc[~in_camp, s].sum())] for s in SIDES},
    **{f"{s} per week": [7 * all_days.loc[in_camp, s].mean(), 7 * all_days.loc[~in_camp, s].mean()] for s in SIDES},
    **{f"{s} active days": [int((all_days.loc[in_camp, s] > 0).sum()), int((all_days.loc[~in_camp, s] > 0).sum())] for s in SIDES},
}, index=["campaign", "rest of the record"])
display(format_table(rhythm, caption="Events in and outside the 2023-24 campaign"))
ratio = rhythm.loc["campaign", "militia per week"] / rhythm.loc["rest of the record", "militia per week"]
Prose(f"The record is quiet most of the time and bursts: the {rhythm.loc['campaign', 'days']}-day "
      f"campaign holds {number(int(rhythm.loc['campaign', 'militia events']))} of the "
      f"{number(int(rhythm['militia events'].sum()))} militia attacks, "
      f"{number(rhythm.loc['campaign', 'militia per week'])} a week against "
      f"{number(rhythm.loc['rest of the record', 'militia per week'])} in the rest of the record "
      f"({number(ratio, 2)} times the rate). US strikes are rarer and come in rounds: "
      f"{number(int(rhythm.loc['campaign', 'us events']))} strikes on "
      f"{rhythm.loc['campaign', 'us active days']} days of the campaign, "
      f"{number(int(rhythm.loc['rest of the record', 'us events']))} on "
      f"{rhythm.loc['rest of the record', 'us active days']} days outside it. These are counts "
      "of what the sources report, not estimates: the uncertainty is in the coding "
      "(confirmation above, the official tallies below).")"""),
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
new_code_cell("""weapons = monthly_weapon.sum().sort_values(ascending=False)
countries = monthly_country.sum().sort_values(ascending=False)
peak = monthly_country.sum(axis=1)
total = weapons.sum()
Prose(f"Counting attacks and strikes ({number(int(total))} in all), "
      f"{', '.join(f'{w} ({share(v, total)})' for w, v in weapons.head(3).items())} are the "
      f"commonest weapons; {countries.index[0]} has {share(countries.iloc[0], countries.sum())} and "
      f"{countries.index[1]} {share(countries.iloc[1], countries.sum())}. The busiest month is "
      f"{peak.idxmax():%B %Y} with {number(int(peak.max()))} attacks and strikes.")"""),
new_markdown_cell("## Who answered what\\n\\nIncidents whose acting side or officials named the incident(s) they answered (`retaliation_for`)."),
new_code_cell("""trig = stated_triggers(inc)
pairs = trig.groupby(["side", "trigger_side"]).agg(responses=("incident_id", "nunique"),
                                                    median_lag_days=("lag_days", "median"))
display(format_table(pairs, caption="Stated responses by side and trigger side"))
us_answers = (trig[trig["side"] == "us"]
              .groupby("incident_id")
              .agg(date=("date", "first"), location=("location", "first"),
                   triggers=("trigger_id", lambda s: "; ".join(s)), lag_days=("lag_days", "min")))
display(format_table(us_answers.assign(date=us_answers["date"].dt.strftime("%Y-%m-%d")),
                     caption="US strikes and the attacks they were said to answer"))"""),
new_code_cell("""lags = us_answers["lag_days"]
mil = trig[trig["side"] == "militia"].groupby("incident_id")["lag_days"].min()
Prose(f"**{len(us_answers)} US strikes** name the attack(s) they answered; the shortest lag to a "
      f"named trigger has median {days(lags.median())} (quartiles "
      f"{number(lags.quantile(0.25))} to {number(lags.quantile(0.75))}, range "
      f"{number(lags.min())} to {number(lags.max())}). On the other side {len(mil)} militia "
      f"attacks name what they answered, with median lag {days(mil.median())} "
      f"(quartiles {number(mil.quantile(0.25))} to {number(mil.quantile(0.75))}). Stated "
      "triggers are what the actors said, not a measured link; notebook 05 compares them "
      "with the nearest earlier event of the other side.")"""),
new_markdown_cell("## The table against the official tallies\\n\\nCumulative militia attacks in the table since 17 Oct 2023 (all; confirmed or claimed; confirmed) and the cumulative counts US officials gave (which count attacks on bases and facilities)."),
new_code_cell("""fig, ax = new_figure("wide")
plot_cumulative_vs_tallies(dyad, tallies, side="militia", since="2023-10-17", until="2024-02-05", ax=ax)
fig.tight_layout()
save_figure(fig, "01-official-tallies")"""),
new_code_cell("""camp = dyad[(dyad["side"] == "militia") & (dyad["date"] >= "2023-10-17")]
rows = []
for t in tallies[tallies["since"] == "2023-10-17"].itertuples():
    upto = camp[camp["date"] <= t.as_of_date]
    rows.append({"as_of": t.as_of_date.date(), "official": t.total,
                 "official_is_lower_bound": bool(t.total_is_lower_bound),
                 "official_iraq": t.iraq, "official_syria": t.syria,
                 "table_all": int(upto["n_attacks"].sum()),
                 "table_confirmed_or_claimed": int(upto.loc[upto.confirmation != "reported", "n_attacks"].sum()),
                 "table_confirmed": int(upto.loc[upto.confirmation == "confirmed", "n_attacks"].sum()),
                 "table_iraq": int(upto.loc[upto.country == "Iraq", "n_attacks"].sum()),
                 "table_syria": int(upto.loc[upto.country == "Syria", "n_attacks"].sum())})
comparison = pd.DataFrame(rows)
display(format_table(comparison.set_index("as_of"), caption="Cumulative militia attacks since 17 Oct 2023: officials vs the table"))
# the last firm (not lower-bound) tally of the campaign
firm = comparison[(comparison["as_of"] <= pd.Timestamp(WINDOWS["campaign"][1]).date())
                  & ~comparison["official_is_lower_bound"]]
last = firm.iloc[-1]
between = last["table_confirmed"] <= last["official"] <= last["table_all"]
Prose(f"By {last['as_of']:%d %B %Y} officials had counted **{number(int(last['official']))}** attacks since "
      f"17 October 2023. The table has {number(int(last['table_all']))} attacks in all "
      f"({number(100 * last['table_all'] / last['official'], 2)}% of the official count), "
      f"{number(int(last['table_confirmed_or_claimed']))} confirmed or claimed "
      f"({number(100 * last['table_confirmed_or_claimed'] / last['official'], 2)}%) and "
      f"{number(int(last['table_confirmed']))} confirmed "
      f"({number(100 * last['table_confirmed'] / last['official'], 2)}%). The official count "
      + ("lies between the table's confirmed and all-incident counts, so which rows to use is a "
         "real choice" if between else "lies outside the table's range of counts, so the table "
         "and the officials count different things")
      + ": the models are fitted to all incidents and to confirmed incidents only.")"""),
new_code_cell("""end = camp[camp["date"] <= "2024-02-04"]
values = {
    "n_incidents": len(inc),
    "n_dyad_incidents": len(dyad),
    "n_attacks_total": int(inc["n_attacks"].sum()),
    "n_sources": len(sources),
    "n_sources_arabic": int((sources["language"] == "ar").sum()),
    "incidents_by_side": inc["side"].value_counts().sort_index().to_dict(),
    "incidents_by_year_and_side": {str(y): r.to_dict() for y, r in by_year.iterrows()},
    "incidents_by_country_and_side": {c: r.to_dict() for c, r in by_country.iterrows()},
    "incidents_by_confirmation": inc["confirmation"].value_counts().sort_index().to_dict(),
    "attacks_by_target_kind": by_target.to_dict(),
    "rhythm": {k: {c: float(v) for c, v in r.items()} for k, r in rhythm.iterrows()},
    "campaign_militia_attacks": {
        "all": int(end["n_attacks"].sum()),
        "confirmed_or_claimed": int(end.loc[end.confirmation != "reported", "n_attacks"].sum()),
        "confirmed": int(end.loc[end.confirmation == "confirmed", "n_attacks"].sum()),
        "iraq": int(end.loc[end.country == "Iraq", "n_attacks"].sum()),
        "syria": int(end.loc[end.country == "Syria", "n_attacks"].sum()),
        "jordan": int(end.loc[end.country == "Jordan", "n_attacks"].sum()),
        "official_early_feb": int(last["official"]),
        "official_early_feb_as_of": str(last["as_of"]),
    },
    "tally_comparison": comparison.assign(as_of=comparison["as_of"].astype(str)).set_index("as_of").to_dict(orient="index"),
    "stated_trigger_pairs": len(trig),
    "us_strikes_with_stated_trigger": int(trig.loc[trig.side == "us", "incident_id"].nunique()),
    "us_median_lag_to_stated_trigger_days": float(us_answers["lag_days"].median()),
    "militia_attacks_with_stated_trigger": len(mil),
    "militia_median_lag_to_stated_trigger_days": float(mil.median()),
}
save_values(values, "01-dataset");"""),
new_markdown_cell("## Findings"),
new_code_cell("""v = values
c = v["campaign_militia_attacks"]
Prose(f\"\"\"* **Coverage.** {number(v['n_incidents'])} incidents from {number(v['n_sources'])} public sources ({number(v['n_sources_arabic'])} Arabic); every row cites at least one.
* **Bursts, not a steady exchange.** The 2023–24 campaign holds {number(int(v['rhythm']['campaign']['militia events']))} of the {number(int(v['rhythm']['campaign']['militia events'] + v['rhythm']['rest of the record']['militia events']))} militia attacks of the dyad in {number(int(v['rhythm']['campaign']['days']))} of {number(int(v['rhythm']['campaign']['days'] + v['rhythm']['rest of the record']['days']))} days; any model of the cycle has to allow for changing phases (notebooks 02–05 do).
* **Answers are named.** {v['us_strikes_with_stated_trigger']} US strikes name the attacks they answered (median lag {days(v['us_median_lag_to_stated_trigger_days'])}); {v['militia_attacks_with_stated_trigger']} militia attacks name a US strike or other trigger (median lag {days(v['militia_median_lag_to_stated_trigger_days'])}).
* **Against the officials.** By {pd.Timestamp(c['official_early_feb_as_of']):%d %B %Y} officials counted {c['official_early_feb']} attacks since 17 October 2023; the table has {c['all']} in all, {c['confirmed_or_claimed']} confirmed or claimed and {c['confirmed']} confirmed. The official count {'sits between' if between else 'lies outside'} the table's confirmed-only and all-incident counts; the models are run on both.
* **Uncertainty.** These are counts of what sources report; {share(v['incidents_by_confirmation'].get('reported', 0), v['n_incidents'])} of the rows rest on reports alone. The codebook (`data/README.md`) lists the known gaps.\"\"\")"""),
]
nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
    "language_info": {"name": "python"}})
nbformat.write(nb, "notebooks/01-dataset.ipynb")
