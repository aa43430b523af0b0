// Placeholder: the CMP connector is being written.
