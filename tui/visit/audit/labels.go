package audit

import (
	"strings"

	"oic/domain"
)

// fieldLabels name the audit trail's fields as the forms do.
var fieldLabels = map[string]string{
	domain.FieldTeam: "Team", domain.FieldPremName: "Premises name", domain.FieldPremAddress: "Address",
	domain.FieldPostcode: "Postcode", domain.FieldSector: "Sector", domain.FieldIntelRef: "Intelligence ref",
	domain.FieldIntelRecv: "Received", domain.FieldPriority: "Priority", domain.FieldIntelSummary: "Summary",
	domain.FieldDecision: "Decision", domain.FieldForum: "Forum", domain.FieldDecidedAt: "Decided at",
	domain.FieldRationale: "Rationale", domain.FieldPlannedStart: "Planned start", domain.FieldOIC: "OIC",
	"state": "State", domain.FieldRating: "EPA rating", domain.FieldAssessor: "Assessed by",
	domain.FieldProportionate: "Proportionate", domain.FieldLegal: "Legal", domain.FieldAccountable: "Accountable",
	domain.FieldNecessary: "Necessary", domain.FieldImpact: "Community impact", domain.FieldCommMitigation: "Community mitigation",
	domain.FieldECIARef: "ECIA reference", domain.FieldECIABy: "ECIA completed by", domain.FieldECIAOn: "ECIA completed on",
	domain.FieldECIAConclusion: "ECIA conclusion", domain.FieldInformation: "Information", domain.FieldIntention: "Intention",
	domain.FieldMethod: "Method", domain.FieldAdministration: "Administration", domain.FieldRiskAssessment: "Risk assessment",
	domain.FieldCommunications: "Communications", domain.FieldHumanRights: "Human rights and legal issues",
	domain.FieldPower: "Power of entry", domain.FieldPowerDetail: "Power of entry detail",
	"authorisation": "Authorisation", "authorisation.by": "Authorised by", "authorisation.grade": "Authoriser's grade",
	"authorisation.rating": "Authorised at",
	// The ONF and the phone check (ONF-1 to ONF-7).
	domain.FieldONFForce: "ONF police force", domain.FieldONFMet: "ONF Met arrangement", domain.FieldONFMetNote: "ONF arrangement used",
	domain.FieldONFSentAt: "ONF sent at", domain.FieldONFAssistance: "ONF assistance requested", domain.FieldONFReturnedAt: "ONF returned at",
	domain.FieldONFSignedBy: "ONF signed by", domain.FieldONFSignedRank: "ONF signer's rank", domain.FieldONFIncomplete: "ONF sections missing",
	domain.FieldONFMarkers: "ONF warning markers", domain.FieldONFTensions: "ONF community tensions",
	domain.FieldPhoneAt: "Phone check at", domain.FieldPhoneContact: "Phone check: spoke to", domain.FieldPhoneOutcome: "Phone check: what they said",
}

// fieldLabel names a field of the audit trail as the forms do.
func fieldLabel(f string) string {
	if l, ok := fieldLabels[f]; ok {
		return l
	}
	if l, ok := recceFieldLabel(f); ok {
		return l
	}
	// Numbered and per-check fields: epa.risk.2, check.C3.result.
	for _, p := range []struct{ prefix, label string }{{"epa.risk.", "Risk "}, {"epa.mitigation.", "Mitigation "}, {"check.", "Check "}} {
		if rest, ok := strings.CutPrefix(f, p.prefix); ok {
			return p.label + strings.ReplaceAll(rest, ".", " ")
		}
	}
	return f
}

// recceParts name the parts of a recce as the audit trail records them
// (recce.R2.ripa.covert).
var recceParts = map[string]string{
	"kind": "kind", "by": "made by", "at": "made at", "occupants": "occupants", "entrances": "entrances and exits",
	"layout": "layout", "geography": "geographic factors", "ripa.covert": "RIPA: covert", "ripa.private": "RIPA: private information likely",
	"ripa.auth_ref": "RIPA: authorisation ref", "ripa.no_auth_why": "RIPA: why none needed", "risks": "risks and mitigations",
	"withdrawn": "withdrawn",
}

// recceFieldLabel names an audit trail field of a recce: "Recce R2 RIPA:
// covert", "Recce R1 imagery source 2".
func recceFieldLabel(f string) (string, bool) {
	rest, ok := strings.CutPrefix(f, "recce.")
	if !ok {
		return "", false
	}
	id, part, ok := strings.Cut(rest, ".")
	if !ok {
		return "", false
	}
	if n, ok := strings.CutPrefix(part, "source."); ok {
		return "Recce " + id + " imagery source " + n, true
	}
	if l, ok := recceParts[part]; ok {
		return "Recce " + id + " " + l, true
	}
	return "", false
}
