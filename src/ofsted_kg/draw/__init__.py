"""Pictures of the graph: one council's inspections, the inspectors' network, grade charts."""
