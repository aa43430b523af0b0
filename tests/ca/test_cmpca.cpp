// Placeholder: tests of the CMP connector are being written.
