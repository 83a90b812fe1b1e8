"""The Concertation Mail newsletter, news and flash news, subscriptions and dispatch."""
