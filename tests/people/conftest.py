"""Helpers to register people as the personas would, through the services."""











