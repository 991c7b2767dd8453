package domain

import (
	"strings"
	"testing"
	"time"
)

// dutyCIO is a CIO who is not on the test visit's team: the duty CIO.
var dutyCIO = Officer{StaffNo: "CIO0777", Name: "Priya Nair", Grade: "HEO", Team: "SLN"}

// withIncident is the deployed test visit with a critical incident
// declared by its OIC at 06:20.
func withIncident(t *testing.T) (*Visit, time.Time) {
	t.Helper()
	v := deployed(t)
	at := start.Add(20 * time.Minute)
	record(t, v, EntryIncident, EntryInput{Text: "Officer injured in a fall on the rear stairs"}, cio, at)
	return v, at
}

func TestINC2_WhoMayAcknowledge(t *testing.T) {
	custom := DefaultConfig()
	// The Home Office renames grades: the CIO is whoever may authorise green.
	custom.Grades[2] = Grade{Code: "HEO", Title: "Senior Officer", Rank: 3, Deploys: true}
	custom.Grades[3].MayAuthorise = Green
	for _, c := range []struct {
		name  string
		cfg   Config
		actor Officer
		want  string // "" if acknowledged
	}{
		{"a CIO not on the team", DefaultConfig(), dutyCIO, ""},
		{"an HMI", DefaultConfig(), hmi, ""},
		{"an IO is refused by grade", DefaultConfig(), io, "INC-2: a critical incident is acknowledged by a CIO or above; Sam Patel (IO0042) is an IO (EO)"},
		{"an officer of no known grade", DefaultConfig(), Officer{StaffNo: "X0001", Name: "Al Bee", Grade: "ZZ"}, "Al Bee (X0001) is of grade ZZ, which the grade table does not list"},
		{"the OIC who declared it", DefaultConfig(), cio, "INC-2: Dana Okafor (CIO001) is the OIC of"},
		{"a renamed table: a HEO no longer authorises green", custom, dutyCIO, "acknowledged by a HMI or above"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, at := withIncident(t)
			before := len(v.Timeline)
			_, err := v.AcknowledgeIncident(c.cfg, c.actor, at.Add(3*time.Minute))
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				inc := v.Incidents()[0]
				if inc.Ack == nil || inc.Ack.Recorded.By != c.actor.StaffNo || !inc.Ack.At.Equal(at.Add(3*time.Minute)) || inc.Ack.AckBy != c.actor.Label() {
					t.Fatalf("acknowledgement %+v", inc.Ack)
				}
				if _, waiting := v.Unacknowledged(); waiting {
					t.Error("still awaiting acknowledgement")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
			if len(v.Timeline) != before {
				t.Error("a refusal changed the timeline")
			}
			if _, waiting := v.Unacknowledged(); !waiting {
				t.Error("a refusal acknowledged the incident")
			}
		})
	}
}

func TestINC2_AcknowledgementOnTimelineAndTrail(t *testing.T) {
	v, at := withIncident(t)
	prev := v.Clone()
	c, err := v.AcknowledgeIncident(DefaultConfig(), dutyCIO, at.Add(4*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if err := AppendOnly(prev, v); err != nil {
		t.Fatal(err)
	}
	e := v.Timeline[len(v.Timeline)-1]
	if e.Kind != EntryIncidentAck || c.Actor != dutyCIO.StaffNo || c.Action != "timeline #2: critical incident acknowledged" ||
		c.Fields[0].New != "06:24 by Priya Nair (CIO0777)" {
		t.Fatalf("entry %+v, change %+v", e, c)
	}
	// Nothing left to acknowledge: a second is refused.
	if _, err := v.AcknowledgeIncident(DefaultConfig(), hmi, at.Add(5*time.Minute)); err == nil || !strings.Contains(err.Error(), "no critical incident awaiting acknowledgement") {
		t.Errorf("second acknowledgement: %v", err)
	}
	// The OIC cannot void the CIO's acknowledgement on the live tab.
	if _, err := v.Record(TimelineEntry{Kind: EntryIncidentAck, Corrects: e.Seq, Void: true, Reason: "mistake"}, cio, at.Add(6*time.Minute)); err == nil || !strings.Contains(err.Error(), "INC-2") {
		t.Errorf("voiding the acknowledgement: %v", err)
	}
	// A second incident is a new alert.
	record(t, v, EntryIncidentOver, EntryInput{Text: "Officer taken to hospital"}, cio, at.Add(30*time.Minute))
	record(t, v, EntryIncident, EntryInput{Text: "Crowd gathering at the front"}, cio, at.Add(40*time.Minute))
	if inc, waiting := v.Unacknowledged(); !waiting || inc.Declared.Text != "Crowd gathering at the front" {
		t.Errorf("second incident: %+v %v", inc, waiting)
	}
}

func TestINC2_StoodDownUnacknowledgedStillAlerts(t *testing.T) {
	v, at := withIncident(t)
	record(t, v, EntryIncidentOver, EntryInput{Text: "False alarm"}, cio, at.Add(5*time.Minute))
	inc, waiting := v.Unacknowledged()
	if !waiting || !inc.Over.Equal(at.Add(5*time.Minute)) {
		t.Fatalf("stood down before anyone acknowledged it: %+v %v", inc, waiting)
	}
}

func TestINC2_DutyCIOInformedByPhone(t *testing.T) {
	for _, c := range []struct {
		name  string
		actor Officer
		in    PhoneAckInput
		want  string
	}{
		{"the OIC, a name and a time", cio, PhoneAckInput{Name: "CIO Priya Nair", At: "06:25"}, ""},
		{"the OIC, now", cio, PhoneAckInput{Name: "Priya Nair"}, ""},
		{"no name", cio, PhoneAckInput{At: "06:25"}, "give the duty CIO's name"},
		{"before the incident", cio, PhoneAckInput{Name: "Priya Nair", At: "06:10"}, "06:10 is before the incident was declared (06:20)"},
		{"in the future", cio, PhoneAckInput{Name: "Priya Nair", At: "07:30"}, "is in the future"},
		{"not the OIC", arrestIO, PhoneAckInput{Name: "Priya Nair"}, "only the OIC"},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, at := withIncident(t)
			now := at.Add(10 * time.Minute)
			before := len(v.Timeline)
			_, err := v.RecordCIOInformed(c.in, c.actor, now)
			if c.want != "" {
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("got %v, want %q", err, c.want)
				}
				if len(v.Timeline) != before {
					t.Error("a refusal changed the timeline")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			inc := v.Incidents()[0]
			if inc.Ack == nil || inc.Ack.Subtype != AckByPhone || inc.Ack.Recorded.By != cio.StaffNo || !strings.Contains(inc.Ack.Summary(), "informed by phone") {
				t.Fatalf("acknowledgement %+v", inc.Ack)
			}
			if _, waiting := v.Unacknowledged(); waiting {
				t.Error("the phone call does not count as acknowledged")
			}
		})
	}
}

func TestINC2_NotDeployed(t *testing.T) {
	v := ready(t)
	if _, err := v.AcknowledgeIncident(DefaultConfig(), dutyCIO, start); err == nil || !strings.Contains(err.Error(), "while the visit is deployed") {
		t.Errorf("acknowledging on a visit not deployed: %v", err)
	}
}
