"""A tiny exporter plugin the tests register: the plan as Markdown.

It is deliberately small but real: it uses the core's shared wording for
doses and the schedule, and carries the safety text, as every exporter must.
"""

from backcare_kit.plugin_api import Exporter, dose_in_words, hookimpl, schedule_in_words


def render(plan, options):
    lines = [f"# Back-care plan for {plan.patient}", ""]
    for section in plan.safety.sections:
        lines += [f"## {section.heading}", *[f"- {item}" for item in section.items], ""]
    lines += [f"When: {schedule_in_words(plan.schedule)}", ""]
    for number, item in enumerate(plan.routine.included, start=1):
        lines.append(f"{number}. {item.name}: {dose_in_words(item)}")
    shout = options.get("shout") == "yes"
    text = "\n".join(lines) + "\n"
    return text.upper() if shout else text


@hookimpl
def register_exporters(register):
    register(
        Exporter(
            name="markdown",
            title="Plan as Markdown (test plugin)",
            extension=".md",
            media_type="text/markdown",
            render=render,
            options={"shout": "'yes' to write in capitals"},
        )
    )
