package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"oic/domain"
	"oic/domain/domaintest"
	"oic/store"
	"oic/store/exchange"
	"oic/store/exchange/signing"
	"oic/store/vault"
)

// A team server and a laptop, as oic push and pull meet them: the
// server in-process over a folder of its own, Alice's key an officer's
// key there, a known_hosts file holding its host key, and a laptop folder
// with Alice signed in, her key in a file.
type transferRig struct {
	srvDir, lapDir string
	addr           string
	hostKey        ssh.PublicKey // the server's, as it showed it
	srv            *store.Store
	identity       string // Alice's private key file
	knownHosts     string
}

func newTransferRig(t *testing.T) *transferRig {
	t.Helper()
	r := &transferRig{srvDir: t.TempDir(), lapDir: t.TempDir()}
	ctx := context.Background()
	officers := []domain.Officer{oicAlice, domaintest.Authoriser, domaintest.Silver, domaintest.Arrest, domaintest.Driver,
		{StaffNo: "W5005", Name: "Wyn Price", Grade: "HEO", Team: "WLN", ArrestTrained: true},
		{StaffNo: "AD0001", Name: "Ann Admin", Grade: "G7", Team: "SLN", Roles: domain.RolesOf(domain.RoleAdmin)}}
	for _, dir := range []string{r.srvDir, r.lapDir} {
		// Both folders encrypted, as new folders are: what a push or pull
		// leaves in incoming/ is then kept sealed (exchange.SealIncoming).
		if _, err := vault.Create(dir, []byte(testPassphrase)); err != nil {
			t.Fatal(err)
		}
		s, err := openFolderWith(dir, store.Options{Derive: exchange.Derivation()})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range officers {
			if err := s.SaveOfficer(ctx, o, domain.ProfileChange(nil, o, o, o.UpdatedAt)); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.SetSignedIn(ctx, oicAlice.StaffNo); err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	// Alice's key: a file for the laptop, its public half on the server.
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "alice@laptop")
	if err != nil {
		t.Fatal(err)
	}
	r.identity = writeTemp(t, string(pem.EncodeToMemory(block)))
	sg, _ := ssh.NewSignerFromKey(priv)
	pub := string(ssh.MarshalAuthorizedKey(sg.PublicKey()))
	if code, out, errs := runOIC(t, ctx, "officer", "key", "add", "--data-dir", r.srvDir, "--as", "AD0001", "A1001", writeTemp(t, pub)); code != 0 {
		t.Fatalf("key add: exit %d: %s%s", code, out, errs)
	}
	// The laptop's folder key, listed in the server's allowed_signers.
	code, line, errs := runOIC(t, ctx, "key", "--data-dir", r.lapDir)
	if code != 0 {
		t.Fatalf("oic key: %s", errs)
	}
	if err := os.WriteFile(filepath.Join(r.srvDir, exchange.AllowedSignersFile), []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}

	r.srv, _, r.addr = serveFolder(t, r.srvDir, 0, &syncBuffer{})
	// known_hosts holds the server's host key, as ssh would once told:
	// the key it shows (its file is sealed in an encrypted folder).
	var hk ssh.PublicKey
	if c, err := ssh.Dial("tcp", r.addr, &ssh.ClientConfig{User: "probe", Timeout: 10 * time.Second,
		HostKeyCallback: func(_ string, _ net.Addr, k ssh.PublicKey) error { hk = k; return nil }}); err == nil {
		c.Close()
	}
	if hk == nil {
		t.Fatal("the server showed no host key")
	}
	r.hostKey = hk
	r.knownHosts = writeTemp(t, knownhosts.Line([]string{knownhosts.Normalize(r.addr)}, hk)+"\n")
	return r
}

func (r *transferRig) url() string { return "ssh://alice@" + r.addr }

// oic runs a command in the laptop's folder with Alice's key.
func (r *transferRig) oic(t *testing.T, cmd string, args ...string) (int, string, string) {
	t.Helper()
	full := append([]string{cmd, "--data-dir", r.lapDir, "--identity", r.identity, "--known-hosts", r.knownHosts}, args...)
	return runOIC(t, context.Background(), full...)
}

// laptop opens the laptop's store for fn, and closes it.
func (r *transferRig) laptop(t *testing.T, fn func(s *store.Store)) {
	t.Helper()
	s, err := openFolderWith(r.lapDir, store.Options{Derive: exchange.Derivation()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fn(s)
}

// newVisit creates a visit by oic on s, planned for start, through the
// domain; closed, if close.
func newVisit(t *testing.T, s *store.Store, oic domain.Officer, team domain.TeamCode, start time.Time, close bool) *domain.Visit {
	t.Helper()
	ctx := context.Background()
	b := starBasics(start, domain.Date{Year: 2026, Month: 2, Day: 1}, start.Add(-72*time.Hour))
	b.Team, b.OIC, b.OICName = team, oic.StaffNo, oic.Name
	v, c, err := domain.NewVisit(b, oic, start.Add(-2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if v, err = s.CreateVisit(ctx, v, c); err != nil {
		t.Fatal(err)
	}
	if !close {
		return v
	}
	if err := domaintest.Deploy(v, oic, start.Add(-30*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := domaintest.VisitAndClose(v, oic, start.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if v, err = s.SaveVisit(ctx, v, domain.Change{Action: "visited and closed (fixture)", Actor: oic.StaffNo, At: start.Add(3 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	return v
}

// rename saves a new premises name for ref on s, as oic's edit would.
func rename(t *testing.T, s *store.Store, ref domain.Ref, name string, by domain.Officer) *domain.Visit {
	t.Helper()
	ctx := context.Background()
	v, err := s.Visit(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	old := v.Basics.Premises.Name
	v.Basics.Premises.Name = name
	v, err = s.SaveVisit(ctx, v, domain.Change{Action: "premises renamed", Actor: by.StaffNo, ActorName: by.Name, At: time.Now(),
		Fields: []domain.FieldChange{{Field: "basics.premises.name", Old: old, New: name}}})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// A laptop's visits, an open one and a closed one, pushed: they land on
// the server whole, their trails verified end to end, each arrival naming
// the pushing officer and the laptop folder's signing key. Pushing again
// sends nothing, and naming them again changes nothing there.
func TestPush_LandsOnTheServer(t *testing.T) {
	r := newTransferRig(t)
	ctx := context.Background()
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.Local)
	var open, closed *domain.Visit
	r.laptop(t, func(s *store.Store) {
		open = newVisit(t, s, oicAlice, "SLN", start.AddDate(0, 1, 0), false)
		closed = newVisit(t, s, oicAlice, "SLN", start, true)
	})
	code, out, errs := r.oic(t, "push", r.url())
	if code != 0 || !strings.Contains(out, "Pushed 2 visits") || !strings.Contains(out, "2 new there") {
		t.Fatalf("push: exit %d\n%s%s", code, out, errs)
	}
	lapPrincipal, lapFP := folderKeyOf(t, r.lapDir)
	for _, want := range []*domain.Visit{open, closed} {
		got, err := r.srv.Visit(ctx, want.Ref)
		if err != nil {
			t.Fatalf("%s is not on the server: %v", want.Ref, err)
		}
		if got.Version != want.Version || got.State != want.State {
			t.Errorf("%s on the server: version %d %s; want %d %s", want.Ref, got.Version, got.State, want.Version, want.State)
		}
		arr, err := r.srv.Arrivals(ctx, want.Ref)
		if err != nil || len(arr) != 1 {
			t.Fatalf("%s's arrivals: %+v, %v", want.Ref, arr, err)
		}
		a := arr[0].Change
		if a.Actor != oicAlice.StaffNo || !strings.Contains(fieldsOf(a), lapFP) || !strings.Contains(fieldsOf(a), lapPrincipal) {
			t.Errorf("%s's arrival does not name Alice and the laptop's key (%s, %s): %+v", want.Ref, lapPrincipal, lapFP, a)
		}
	}
	checked, problems, err := r.srv.Verify(ctx, nil)
	if err != nil || len(problems) > 0 {
		t.Fatalf("oic verify on the server after the push: %+v, %v, %v", checked, problems, err)
	}
	before := heldState(t, r.srv)
	if code, out, errs := r.oic(t, "push", r.url()); code != 0 || !strings.Contains(out, "Nothing to push") {
		t.Fatalf("push again: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := r.oic(t, "push", r.url(), string(open.Ref), string(closed.Ref)); code != 0 || !strings.Contains(out, "2 already there and the same") {
		t.Fatalf("push of the same visits by name: exit %d\n%s%s", code, out, errs)
	}
	if after := heldState(t, r.srv); after != before {
		t.Errorf("pushing the same visits again changed the server:\n%s\n%s", before, after)
	}
}

// A visit changed on both sides since the laptop pulled it: the push is
// refused naming it and what each side holds, with the commands to go on;
// the server and the laptop keep their own versions, and the other visit
// of the push is not taken either (all or nothing).
func TestPush_ConflictRefusedNothingLost(t *testing.T) {
	r := newTransferRig(t)
	ctx := context.Background()
	start := time.Date(2026, 4, 2, 9, 0, 0, 0, time.Local)
	shared := newVisit(t, r.srv, oicAlice, "SLN", start, false)
	if code, out, errs := r.oic(t, "pull", r.url()); code != 0 || !strings.Contains(out, "Pulled 1 visit") {
		t.Fatalf("pull: exit %d\n%s%s", code, out, errs)
	}
	theirs := rename(t, r.srv, shared.Ref, "Moon Takeaway", domaintest.Authoriser)
	var mine, other *domain.Visit
	r.laptop(t, func(s *store.Store) {
		mine = rename(t, s, shared.Ref, "Sun Takeaway", oicAlice)
		other = newVisit(t, s, oicAlice, "SLN", start.AddDate(0, 0, 7), false)
	})
	code, out, errs := r.oic(t, "push", r.url())
	if code != 1 {
		t.Fatalf("a conflicting push: exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{string(shared.Ref) + ": the first entry of its trail agrees", "on the server: version 2", "premises renamed\" by Jo Marsh",
		"on this laptop: version 2", `→ "Moon Takeaway"`, `→ "Sun Takeaway"`, "nothing was pushed", "Both versions are kept",
		"--to-file " + string(shared.Ref) + "-laptop.jsonl", "oic pull --data-dir", "--skip " + string(shared.Ref)} {
		if !strings.Contains(errs, want) {
			t.Errorf("the refusal lacks %q:\n%s", want, errs)
		}
	}
	if v, err := r.srv.Visit(ctx, shared.Ref); err != nil || v.Version != theirs.Version || v.Basics.Premises.Name != "Moon Takeaway" {
		t.Errorf("the server's version after the refusal: %+v, %v", v, err)
	}
	if _, err := r.srv.Visit(ctx, other.Ref); err == nil {
		t.Errorf("%s, the other visit of a refused push, is on the server", other.Ref)
	}
	r.laptop(t, func(s *store.Store) {
		if v, err := s.Visit(ctx, shared.Ref); err != nil || v.Version != mine.Version || v.Basics.Premises.Name != "Sun Takeaway" {
			t.Errorf("the laptop's version after the refusal: %+v, %v", v, err)
		}
	})
	// A pull meets the same visit changed on both sides: refused too,
	// naming it, the laptop's version kept.
	code, _, errs = r.oic(t, "pull", r.url())
	if code != 1 || !strings.Contains(errs, "nothing was pulled") || !strings.Contains(errs, "on this laptop: version 2, 2 entries, the last \"premises renamed\" by Alice Ames") {
		t.Errorf("a pull of a visit changed on both sides: exit %d\n%s", code, errs)
	}
	r.laptop(t, func(s *store.Store) {
		if v, err := s.Visit(ctx, shared.Ref); err != nil || v.Basics.Premises.Name != "Sun Takeaway" {
			t.Errorf("the laptop's version after the refused pull: %+v, %v", v, err)
		}
	})
	// The way forward it prints: the laptop's copy to a file, the
	// server's beside it, the rest pushed.
	dir := t.TempDir()
	if code, out, errs := r.oic(t, "push", "--to-file", filepath.Join(dir, "mine.jsonl"), r.url(), string(shared.Ref)); code != 0 {
		t.Fatalf("push --to-file: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := r.oic(t, "pull", "--to-file", filepath.Join(dir, "theirs.jsonl"), r.url(), string(shared.Ref)); code != 0 {
		t.Fatalf("pull --to-file: exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(mustRead(t, filepath.Join(dir, "mine.jsonl")), "Sun Takeaway") || !strings.Contains(mustRead(t, filepath.Join(dir, "theirs.jsonl")), "Moon Takeaway") {
		t.Error("the two copies do not hold the two versions")
	}
	if code, out, errs := r.oic(t, "push", "--skip", string(shared.Ref), r.url()); code != 0 || !strings.Contains(out, "1 new there") {
		t.Fatalf("push --skip: exit %d\n%s%s", code, out, errs)
	}
}

// A pull brings down the visits Alice has work on, open and closed, and
// not another team's; the server's folder key is pinned on the first
// pull, and a pull signed by another key is refused.
func TestPull_OnlyTheOfficersVisits(t *testing.T) {
	r := newTransferRig(t)
	ctx := context.Background()
	start := time.Date(2026, 5, 4, 9, 0, 0, 0, time.Local)
	mineOpen := newVisit(t, r.srv, oicAlice, "SLN", start.AddDate(0, 1, 0), false)
	mineClosed := newVisit(t, r.srv, oicAlice, "SLN", start, true)
	wyn := domain.Officer{StaffNo: "W5005", Name: "Wyn Price", Grade: "HEO", Team: "WLN", ArrestTrained: true}
	theirs := newVisit(t, r.srv, wyn, "WLN", start.AddDate(0, 0, 1), true)
	code, out, errs := r.oic(t, "pull", r.url())
	if code != 0 || !strings.Contains(out, "Pulled 2 visits") || !strings.Contains(out, "is now pinned") {
		t.Fatalf("pull: exit %d\n%s%s", code, out, errs)
	}
	r.laptop(t, func(s *store.Store) {
		for _, v := range []*domain.Visit{mineOpen, mineClosed} {
			if got, err := s.Visit(ctx, v.Ref); err != nil || got.Version != v.Version {
				t.Errorf("%s on the laptop: %+v, %v", v.Ref, got, err)
			}
		}
		if _, err := s.Visit(ctx, theirs.Ref); err == nil {
			t.Errorf("%s, another team's visit, was pulled", theirs.Ref)
		}
		if _, problems, err := s.Verify(ctx, nil); err != nil || len(problems) > 0 {
			t.Errorf("oic verify on the laptop: %+v, %v", problems, err)
		}
		// The pull ended by reserving the laptop numbers for the visits it
		// creates offline, for Alice's team and each year she may need.
		held, err := s.HeldRefs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		years := domain.ReservationYears(pullClock())
		if len(held) != len(years) || held[0].Team != "SLN" || held[0].Year != years[0] || held[0].Left() != domain.RefBlockDefault {
			t.Errorf("blocks held after the pull: %+v, want %d of SLN for %v", held, domain.RefBlockDefault, years)
		}
	})
	if !strings.Contains(out, "Reserved SLN-") || !strings.Contains(out, "for the visits this folder creates offline") {
		t.Errorf("the pull did not say it reserved numbers:\n%s", out)
	}
	if code, out, errs := r.oic(t, "pull", r.url()); code != 0 || !strings.Contains(out, "2 already here and the same") || strings.Contains(out, "Reserved") {
		t.Fatalf("pull again (numbers in hand: none reserved): exit %d\n%s%s", code, out, errs)
	}
	// The server's folder key changed (a new folder, or an impostor):
	// refused, nothing taken in.
	st, err := readServerState(r.lapDir, mustTarget(t, r.url()))
	if err != nil {
		t.Fatal(err)
	}
	other, _ := testKey(t, "")
	st.pin(other.PublicKey(), time.Now())
	if err := st.write(r.lapDir, mustTarget(t, r.url())); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := r.oic(t, "pull", r.url()); code != 1 || !strings.Contains(errs, "but this folder pinned its key") {
		t.Fatalf("a pull signed by another key: exit %d\n%s", code, errs)
	}
}

// A server whose host key known_hosts does not hold is refused with its
// fingerprint and what to do, before anything is sent.
func TestPush_UnknownHostRefused(t *testing.T) {
	r := newTransferRig(t)
	r.laptop(t, func(s *store.Store) {
		newVisit(t, s, oicAlice, "SLN", time.Date(2026, 3, 2, 9, 0, 0, 0, time.Local), false)
	})
	r.knownHosts = writeTemp(t, "")
	code, _, errs := r.oic(t, "push", r.url())
	for _, want := range []string{"is not in " + r.knownHosts, ssh.FingerprintSHA256(r.hostKey), "does not trust a server on first sight", "Nothing was sent"} {
		if !strings.Contains(errs, want) {
			t.Errorf("the refusal lacks %q:\n%s", want, errs)
		}
	}
	if code != 1 {
		t.Errorf("exit %d", code)
	}
	if n, _ := r.srv.CountVisits(context.Background()); n != 0 {
		t.Errorf("the server holds %d visits", n)
	}
}

// A push signed by a folder key the server's allowed_signers does not
// list is refused, naming the key, and nothing is taken in.
func TestPush_UnlistedSignerRefused(t *testing.T) {
	r := newTransferRig(t)
	r.laptop(t, func(s *store.Store) {
		newVisit(t, s, oicAlice, "SLN", time.Date(2026, 3, 2, 9, 0, 0, 0, time.Local), false)
	})
	_, pub := testKey(t, "")
	if err := os.WriteFile(filepath.Join(r.srvDir, exchange.AllowedSignersFile), []byte("oic-0123456789abcdef namespaces=\"oic-export\" "+pub), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := r.oic(t, "push", r.url())
	_, lapFP := folderKeyOf(t, r.lapDir)
	if code != 1 || !strings.Contains(errs, "refused the push") || !strings.Contains(errs, lapFP) || !strings.Contains(errs, "does not list") {
		t.Fatalf("a push by an unlisted key: exit %d\n%s", code, errs)
	}
	if n, _ := r.srv.CountVisits(context.Background()); n != 0 {
		t.Errorf("the server holds %d visits", n)
	}
}

// Alice may push a visit she is neither OIC of nor on the team of only
// not at all: refused by name.
func TestPush_NotHersRefused(t *testing.T) {
	r := newTransferRig(t)
	var v *domain.Visit
	r.laptop(t, func(s *store.Store) {
		v = newVisit(t, s, domaintest.Authoriser, "SLN", time.Date(2026, 3, 2, 9, 0, 0, 0, time.Local), false)
	})
	code, _, errs := r.oic(t, "push", r.url())
	if code != 1 || !strings.Contains(errs, string(v.Ref)+": Alice Ames (A1001) is neither its OIC nor on its roster") {
		t.Fatalf("a push of Jo's visit by Alice: exit %d\n%s", code, errs)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mustTarget(t *testing.T, s string) sshTarget {
	t.Helper()
	tg, err := parseSSHTarget(s)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func fieldsOf(c domain.Change) string {
	var b strings.Builder
	for _, f := range c.Fields {
		b.WriteString(f.Field + "=" + f.New + " ")
	}
	return b.String()
}

// heldState is every visit's document, trail and arrivals on s.
func heldState(t *testing.T, s *store.Store) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	err := s.ScanSummaries(ctx, 100, func(sums []domain.Summary) error {
		for _, sum := range sums {
			v, _ := s.Visit(ctx, sum.Ref)
			trail, _ := s.Audit(ctx, sum.Ref)
			arr, _ := s.Arrivals(ctx, sum.Ref)
			b.WriteString(string(sum.Ref) + " " + v.Basics.Premises.Name)
			for _, e := range append(trail, arr...) {
				b.WriteString(" " + e.Hash)
			}
			b.WriteString("\n")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// folderKeyOf is the principal and fingerprint of dir's signing key.
func folderKeyOf(t *testing.T, dir string) (string, string) {
	t.Helper()
	k, err := signing.FolderKey(dir, folderVault(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	return k.Principal(), k.Fingerprint()
}

// A server's address is ssh://[user@]host[:port], 2323 unless given;
// anything more is refused, saying how to write it.
func TestParseSSHTarget(t *testing.T) {
	for in, want := range map[string]string{
		"ssh://oic.example":         "ssh://oic.example:2323",
		"ssh://jo@oic.example:2424": "ssh://jo@oic.example:2424",
		"ssh://[::1]:2323":          "ssh://[::1]:2323",
	} {
		got, err := parseSSHTarget(in)
		if err != nil || got.String() != want {
			t.Errorf("%s: %v, %v; want %s", in, got, err, want)
		}
	}
	for in, why := range map[string]string{
		"oic.example:2323":            "does not start with ssh://",
		"ssh://jo:secret@oic.example": "holds a password",
		"ssh://oic.example/visits":    "more than a host and a port",
		"ssh://oic.example:99999":     "port is not a number",
		"ssh://":                      "names no host",
	} {
		if _, err := parseSSHTarget(in); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("%s: %v; want %q", in, err, why)
		}
	}
}

// A push cut off part-way (the laptop killed, the line dropped) changes
// nothing on the server and leaves nothing behind there: what arrived
// does not match its signature.
func TestPush_CutShortChangesNothing(t *testing.T) {
	r := newTransferRig(t)
	ctx := context.Background()
	var refs []domain.Ref
	r.laptop(t, func(s *store.Store) {
		for i := range 3 {
			refs = append(refs, newVisit(t, s, oicAlice, "SLN", time.Date(2026, 3, 2+i, 9, 0, 0, 0, time.Local), i == 0).Ref)
		}
	})
	dir := t.TempDir()
	file := filepath.Join(dir, "push.jsonl")
	if code, out, errs := r.oic(t, "push", "--to-file", file, r.url()); code != 0 {
		t.Fatalf("push --to-file: exit %d\n%s%s", code, out, errs)
	}
	body := []byte(mustRead(t, file))
	sig := []byte(mustRead(t, file+".sig"))
	c, err := sshDial(ctx, mustTarget(t, r.url()), sshOptions{Identity: r.identity, KnownHosts: r.knownHosts})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var out, errb limitedBuffer
	cut := append(append([]byte{}, sig...), body[:len(body)*2/3]...)
	code, err := sshRun(ctx, c, []string{"push"}, strings.NewReader(string(cut)), &out, &errb)
	if err != nil || code == 0 || !strings.Contains(errb.String(), "Nothing was imported") {
		t.Fatalf("a push cut short: exit %d, %v: %s", code, err, errb.String())
	}
	if n, _ := r.srv.CountVisits(ctx); n != 0 {
		t.Errorf("the server holds %d visits after a push cut short", n)
	}
	if left, _ := os.ReadDir(filepath.Join(r.srvDir, "incoming")); len(left) != 0 {
		t.Errorf("the push cut short left %d files in incoming/", len(left))
	}
	// The whole push then goes through.
	if code, out, errs := r.oic(t, "push", r.url()); code != 0 || !strings.Contains(out, "3 new there") {
		t.Fatalf("the push again: exit %d\n%s%s", code, out, errs)
	}
}

// An officer off a visit's team who pulled it to authorise it (EPA-2)
// authorises it on the laptop, offline, and pushes it back: the server
// takes their authorisation, and nothing more. A push that also changes
// the plan is refused as an outsider's push, nothing taken.
func TestPush_AuthoriserSendsBackTheirAuthorisation(t *testing.T) {
	r := newTransferRig(t)
	ctx := context.Background()
	// Alice's grade (a CIO's, green) confirmed on the server.
	alice := oicAlice
	if _, err := domain.ConfirmGrade(&alice, domain.Officer{StaffNo: "AD0001", Name: "Ann Admin"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := r.srv.SaveOfficer(ctx, alice, domain.ProfileChange(&oicAlice, alice, alice, time.Now())); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(72 * time.Hour).Truncate(time.Minute)
	v := newVisit(t, r.srv, domaintest.Silver, "SLN", start, false)
	domaintest.CompletePlan(v, domaintest.Silver, time.Now())
	v, err := r.srv.SaveVisit(ctx, v, domain.Change{Action: "planned (fixture)", Actor: domaintest.Silver.StaffNo, At: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if code, out, errs := r.oic(t, "pull", r.url(), string(v.Ref)); code != 0 || !strings.Contains(out, "Pulled 1 visit") {
		t.Fatalf("pull: exit %d\n%s%s", code, out, errs)
	}
	authorise := func(extra func(*domain.Visit)) {
		r.laptop(t, func(s *store.Store) {
			w, err := s.Visit(ctx, v.Ref)
			if err != nil {
				t.Fatal(err)
			}
			c, err := w.Authorise("", domain.DefaultConfig(), alice, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if extra != nil {
				extra(w)
			}
			if _, err := s.SaveVisit(ctx, w, c); err != nil {
				t.Fatal(err)
			}
		})
	}
	// First with the premises renamed too: refused, the server unchanged.
	authorise(func(w *domain.Visit) { w.Basics.Premises.Name = "Moon Takeaway" })
	before := heldState(t, r.srv)
	if code, _, errs := r.oic(t, "push", r.url()); code == 0 || !strings.Contains(errs, "with their own authorisation or assurance and no other change") {
		t.Fatalf("a push that also renamed the premises: exit %d\n%s", code, errs)
	}
	if after := heldState(t, r.srv); after != before {
		t.Fatalf("the refused push changed the server")
	}
	// A second visit, authorised and nothing else: taken. (The first
	// stays on the laptop, refused until the rename is undone.)
	w := newVisit(t, r.srv, domaintest.Silver, "SLN", start.Add(24*time.Hour), false)
	domaintest.CompletePlan(w, domaintest.Silver, time.Now())
	if w, err = r.srv.SaveVisit(ctx, w, domain.Change{Action: "planned (fixture)", Actor: domaintest.Silver.StaffNo, At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := r.oic(t, "pull", r.url(), string(w.Ref)); code != 0 {
		t.Fatalf("pull: exit %d\n%s%s", code, out, errs)
	}
	v = w
	authorise(nil)
	if code, out, errs := r.oic(t, "push", r.url(), string(w.Ref)); code != 0 || !strings.Contains(out, "Pushed 1 visit") {
		t.Fatalf("the authorisation pushed: exit %d\n%s%s", code, out, errs)
	}
	got, err := r.srv.Visit(ctx, w.Ref)
	if err != nil || got.State != domain.Authorised || got.Plan.Auth == nil || got.Plan.Auth.By != alice.StaffNo {
		t.Fatalf("%s on the server after the push: %+v, %v", w.Ref, got, err)
	}
	if _, problems, err := r.srv.Verify(ctx, nil); err != nil || len(problems) > 0 {
		t.Fatalf("oic verify on the server: %+v, %v", problems, err)
	}
}

// A visit new to the server whose number lies in a block the server
// reserved for another laptop is refused by name, saying whose block it
// is and what to do, and nothing is taken in: the laptop the block is
// for keeps every number of it (issue 17, section 5).
func TestPush_NumberOfAnotherLaptopsBlockRefused(t *testing.T) {
	r := newTransferRig(t)
	ctx := context.Background()
	other := "oic-00000000000000bb"
	b, err := r.srv.ReserveRefs(ctx, "SLN", 2026, 50, other, domaintest.Authoriser.StaffNo, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var v *domain.Visit
	r.laptop(t, func(s *store.Store) { // never reserved: its own count
		v = newVisit(t, s, oicAlice, "SLN", time.Date(2026, 3, 2, 9, 0, 0, 0, time.Local), true)
	})
	if _, _, seq, _ := v.Ref.Parts(); !b.Holds("SLN", 2026, seq) {
		t.Fatalf("the laptop's visit %s is not in the block %s: the test proves nothing", v.Ref, b)
	}
	before := heldState(t, r.srv)
	code, _, errs := r.oic(t, "push", r.url())
	me, _ := folderKeyOf(t, r.lapDir)
	for _, want := range []string{string(v.Ref) + ": its number is in the block " + b.String() + " this server reserved for another laptop's folder (" + other,
		"this push came from " + me, "reserve numbers for this laptop if it has none (oic refs reserve URL), and make this visit again on it"} {
		if code != 1 || !strings.Contains(errs, want) {
			t.Fatalf("a push of a number reserved for another laptop: exit %d\n%s\nwant %q", code, errs, want)
		}
	}
	if after := heldState(t, r.srv); after != before {
		t.Fatalf("the refused push changed the server:\n%s\nwas\n%s", after, before)
	}
}
