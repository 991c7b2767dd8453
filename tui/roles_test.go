package tui_test

import (
	"strings"
	"testing"

	"oic/domain"
	"oic/tui"
	"oic/tui/tuitest"
	"oic/tui/tuitest/apptest"
)

// TestRecordsClerk_RegisterKeys (issue 17, point 4): where the folder has
// an administrator, the register's X (export) and M (measures) are the
// records clerk's: a CIO without the role is told which role to ask for,
// and neither screen opens. Without an administrator, both open as
// before.
func TestRecordsClerk_RegisterKeys(t *testing.T) {
	s := tuitest.Store(t)
	tuitest.Seed(t, s, 3)
	var req domain.ExportRequest
	administered := func(o *tui.Options) { o.Config.Administered = true }
	d := tuitest.NewDriver(t, rolesApp(t, s, fakeExporter(&req), administered), 140, 30)
	d.Press("X")
	tuitest.Contains(t, d.View(), "IDN-1: exporting visits is for a records clerk; Dana Okafor (CIO001) is not one")
	lacks(t, d.View(), "Format")
	d.Press("M")
	tuitest.Contains(t, d.View(), "IDN-1: the measures of effect is for a records clerk; Dana Okafor (CIO001) is not one")
	lacks(t, d.View(), "Measures of effect")

	d = tuitest.NewDriver(t, exportApp(t, s, fakeExporter(&req)), 140, 30)
	d.Press("X")
	lacks(t, d.View(), "IDN-1")
	tuitest.Contains(t, d.View(), "Format")
	d.Press("esc", "M")
	tuitest.Contains(t, d.View(), "Measures of effect")
}

func rolesApp(t *testing.T, s domain.Store, ex domain.Exporter, with func(*tui.Options)) *tui.App {
	t.Helper()
	t.Chdir(t.TempDir())
	return apptest.App(t, s, func(o *tui.Options) { o.Export = ex }, with)
}

func lacks(t *testing.T, view, not string) {
	t.Helper()
	if strings.Contains(view, not) {
		t.Errorf("view holds %q:\n%s", not, view)
	}
}
