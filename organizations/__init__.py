"""The network directory: countries, member organizations, focal points,
national concertation committees and the Concertation's governance."""
