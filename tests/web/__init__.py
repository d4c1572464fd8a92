"""Web tests: the Flask app through its test client, CSRF on."""
