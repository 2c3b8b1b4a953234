"""Notes written by the personas through the services, for the access and timeline tests."""






