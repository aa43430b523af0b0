#pragma once
// Placeholder: the CMP connector is being written (see backend/ca/ca.h for the interface).
