package tab

import (
	"strings"

	"oic/domain"
)

// SubjectLine is a named subject on one line: name, born, nationality,
// offence and photograph.
func SubjectLine(s domain.Subject) string {
	parts := []string{s.Name}
	if !s.DOB.IsZero() {
		parts = append(parts, "born "+s.DOB.UK())
	}
	if s.Nationality != "" {
		parts = append(parts, s.Nationality)
	}
	parts = append(parts, s.Offence)
	if s.PhotoRef != "" {
		parts = append(parts, "photo "+s.PhotoRef)
	}
	return strings.Join(parts, " · ")
}
