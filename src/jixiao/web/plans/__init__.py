"""Plans: projects, funds, spending plan, indicators, sub-goals, measures, import, workflow."""
