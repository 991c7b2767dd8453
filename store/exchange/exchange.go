// Package exchange holds the formats records leave and arrive in: the
// export of closed visits (JSON Lines, CSV, Markdown; redacted or not),
// the import of a JSON Lines export, the schema both follow, and the
// derived part of an export line a store keeps beside each closed visit
// (Derivation). It reaches the store only through the store's exported
// API; the strict JSON checker the import runs is jsoncheck.
package exchange
