package exchange

import (
	"fmt"
	"strings"

	"oic/domain"
)

// outcomeRows are the Markdown debrief's rows of the outcomes central
// records count (OUT-1, JNT-1, CUS-1; ICIBI figure 8), each as a label
// and its text; a row with nothing to say is left out.
func outcomeRows(v *domain.Visit) [][2]string {
	o := v.Outcomes()
	var rows [][2]string
	if o.IllegalWorkers+o.CPRNs+o.NoActionNotices > 0 {
		s := fmt.Sprintf("%s, %s, covering %s of %s found working illegally",
			plural(o.CPRNs, "civil penalty referral notice", "civil penalty referral notices"),
			plural(o.NoActionNotices, "no action notice", "no action notices"),
			plural(o.WorkersCovered, "worker", "workers"), fmt.Sprint(o.IllegalWorkers))
		rows = append(rows, [2]string{"Notices on the employer", s})
	}
	joint := "no: no partner agency recorded"
	if o.Joint {
		names := make([]string, len(o.Agencies))
		for i, a := range o.Agencies {
			names[i] = a.Label()
		}
		joint = "yes: " + strings.Join(names, ", ")
	}
	rows = append(rows, [2]string{"Joint operation", joint})
	if o.Arrests > 0 {
		rows = append(rows, [2]string{"Custody", fmt.Sprintf("%d of %s booked in; %s",
			o.ArrestsInCustody, plural(o.Arrests, "arrest", "arrests"), plural(o.Interpreters, "interpreter needed", "interpreters needed"))})
	}
	if o.Interviews+o.Biometrics > 0 {
		rows = append(rows, [2]string{"Examined", fmt.Sprintf("%s interviewed; %s",
			plural(o.Interviews, "person", "people"), plural(o.Biometrics, "biometric check", "biometric checks"))})
	}
	var refs []string
	for _, t := range domain.ReferralTypes {
		if n := o.Referrals[t]; n > 0 {
			refs = append(refs, fmt.Sprintf("%d %s", n, t))
		}
	}
	if len(refs) > 0 {
		rows = append(rows, [2]string{"Referrals by type", strings.Join(refs, ", ")})
	}
	return rows
}
