"""The events calendar and the biennial forums with their proceedings."""
