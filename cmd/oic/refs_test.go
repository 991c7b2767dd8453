package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"oic/cmd/oic/serve"
	"oic/domain"
	"oic/store"
	"oic/store/exchange"
	"oic/store/exchange/signing"
)

// laptop is a data folder of its own, open, as a laptop's is.
func laptop(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.OpenWith(t.TempDir(), store.Options{Derive: exchange.Derivation()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func targetOf(t *testing.T, addr string) sshTarget {
	t.Helper()
	tg, err := parseSSHTarget("ssh://" + addr)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// createIn creates a visit of team in s, made at now, as a laptop offline.
func createIn(t *testing.T, s *store.Store, now time.Time) (*domain.Visit, error) {
	t.Helper()
	start := now.Add(72 * time.Hour)
	b := starBasics(start, domain.Date{Year: 2026, Month: 2, Day: 1}, start.Add(-72*time.Hour))
	v, c, err := domain.NewVisit(b, oicAlice, now)
	if err != nil {
		t.Fatal(err)
	}
	return s.CreateVisit(context.Background(), v, c)
}

// Two laptops reserving from one server get blocks that share no number;
// creating visits offline they never make the same reference as each
// other or as the server, whose own next visit steps over both blocks;
// a used-up block refuses, saying what to run.
func TestRefsTwoLaptopsNeverTheSameReference(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t, 0)
	target := targetOf(t, srv.addr)
	now := time.Now()
	years := domain.ReservationYears(now)

	var laptops []*store.Store
	var all []domain.RefBlock
	for _, key := range []ssh.Signer{srv.alice, srv.jo} {
		l := laptop(t)
		c := connect(t, srv.addr, key)
		blocks, err := reserveRefs(ctx, l, c, target, refsRequest{Count: 5})
		if err != nil {
			t.Fatalf("reserve: %v", err)
		}
		c.Close() // offline from here on
		if len(blocks) != len(years) {
			t.Fatalf("%d blocks, want one for each of %v", len(blocks), years)
		}
		k, _ := signing.FolderKey(l.Dir(), l.Vault())
		for i, b := range blocks {
			if b.Year != years[i] || b.Team != "SLN" || b.Size() != 5 || b.Device != k.Principal() || b.Server != target.String() {
				t.Errorf("block %s: %+v", b, b)
			}
			for _, o := range all {
				if o.Overlaps(b) {
					t.Errorf("blocks %s and %s share numbers", o, b)
				}
			}
			all = append(all, b)
		}
		laptops = append(laptops, l)
	}
	issued, err := srv.store.IssuedRefs(ctx)
	if err != nil || len(issued) != len(all) {
		t.Fatalf("the server records %d blocks (%v), want %d", len(issued), err, len(all))
	}
	for _, b := range issued {
		if b.Officer != oicAlice.StaffNo && b.Officer != "HMI0001" {
			t.Errorf("block %s recorded as reserved by %s", b, b.Officer)
		}
	}

	seen := map[domain.Ref]int{}
	for i, l := range laptops {
		for range 5 {
			v, err := createIn(t, l, now)
			if err != nil {
				t.Fatalf("laptop %d: %v", i, err)
			}
			if j, dup := seen[v.Ref]; dup {
				t.Fatalf("laptop %d made %s, as laptop %d did", i, v.Ref, j)
			}
			seen[v.Ref] = i
		}
		_, err := createIn(t, l, now)
		var used *domain.RefsUsedUpError
		if !errors.As(err, &used) || !strings.Contains(err.Error(), "oic refs reserve "+target.String()+" --team SLN") {
			t.Errorf("laptop %d, its block used up: %v", i, err)
		}
	}
	v, err := createIn(t, srv.store, now)
	if err != nil {
		t.Fatal(err)
	}
	_, year, seq, _ := v.Ref.Parts()
	if _, dup := seen[v.Ref]; dup || domain.PastReserved(issued, "SLN", year, seq) != seq {
		t.Errorf("the server's own visit %s has a number reserved for a laptop", v.Ref)
	}
}

// An officer reserves for their own team only: a reservation over SSH
// for another is refused by the server, and nothing is reserved there or
// kept on the laptop.
func TestRefsAnotherTeamRefused(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t, 0)
	l := laptop(t)
	c := connect(t, srv.addr, srv.alice)
	_, err := reserveRefs(ctx, l, c, targetOf(t, srv.addr), refsRequest{Team: "CLN"})
	if err == nil || !strings.Contains(err.Error(), "refused to reserve reference numbers") || !strings.Contains(err.Error(), "is on SLN, not CLN") {
		t.Errorf("reserve for CLN as an SLN officer: %v", err)
	}
	// The same asked by hand, over SSH.
	var out, errb bytes.Buffer
	code, err := sshRun(ctx, c, []string{"refs", "reserve", "--device", "oic-0123456789abcdef", "--team", "CLN"}, nil, &out, &errb)
	if err != nil || code == 0 || out.Len() != 0 || !strings.Contains(errb.String(), "reserved for your own team only") {
		t.Errorf("refs reserve --team CLN over SSH: exit %d, %v, stdout %q, stderr %q", code, err, out.String(), errb.String())
	}
	if issued, _ := srv.store.IssuedRefs(ctx); len(issued) != 0 {
		t.Errorf("refused reservations left blocks on the server: %v", issued)
	}
	if held, _ := l.HeldRefs(ctx); len(held) != 0 {
		t.Errorf("the laptop keeps %v after a refusal", held)
	}
	// Listing is for the folder's own command line, not over SSH.
	errb.Reset()
	if code, _ := sshRun(ctx, c, []string{"refs"}, nil, &out, &errb); code == 0 {
		t.Errorf("refs (listing the server's blocks) ran over SSH: %s", errb.String())
	}
}

// oic refs reserve ssh://... as an officer runs it: their key from a
// file, the server's host key checked against known_hosts (an unknown
// one refused with its fingerprint, nothing kept), then oic refs lists
// what is left.
func TestRefsReserveCommand(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t, 0)
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "alice@laptop2")
	if err != nil {
		t.Fatal(err)
	}
	idFile := filepath.Join(t.TempDir(), "id_ed25519")
	if err := os.WriteFile(idFile, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	sg, _ := ssh.NewSignerFromKey(priv)
	if _, err := srv.store.AddOfficerKey(ctx, oicAlice.StaffNo, sg.PublicKey(), "alice@laptop2", oicAlice, time.Now()); err != nil {
		t.Fatal(err)
	}
	hostPriv, err := os.ReadFile(filepath.Join(srv.dir, serve.HostKeyFile))
	if err != nil {
		t.Fatal(err)
	}
	host, err := ssh.ParsePrivateKey(hostPriv)
	if err != nil {
		t.Fatal(err)
	}
	known := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(known, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	url := "ssh://" + srv.addr
	args := []string{"refs", "reserve", url, "--data-dir", dir, "--identity", idFile, "--known-hosts", known, "--count", "7", "--year", fmt.Sprint(time.Now().Year())}

	code, out, errs := runOIC(t, ctx, args...)
	if code == 0 || !strings.Contains(errs, ssh.FingerprintSHA256(host.PublicKey())) || !strings.Contains(errs, "Nothing was sent") {
		t.Errorf("an unknown server: exit %d: %s%s", code, out, errs)
	}
	if code, out, _ := runOIC(t, ctx, "refs", "--data-dir", dir); code != 0 || !strings.Contains(out, "holds no reference blocks") {
		t.Errorf("after the refusal: exit %d: %s", code, out)
	}

	line := knownhosts.Line([]string{knownhosts.Normalize(srv.addr)}, host.PublicKey())
	if err := os.WriteFile(known, []byte(line+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runOIC(t, ctx, args...)
	if code != 0 || !strings.Contains(out, "Reserved SLN-") || !strings.Contains(out, "(7 numbers) from "+url) {
		t.Fatalf("reserve: exit %d: %s%s", code, out, errs)
	}
	k, err := signing.FolderKey(dir, folderVault(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs = runOIC(t, ctx, "refs", "--data-dir", dir)
	if code != 0 || !strings.Contains(out, "7 of 7") || !strings.Contains(out, url) || !strings.Contains(out, k.Principal()) {
		t.Errorf("oic refs: exit %d: %s%s", code, out, errs)
	}
	// The server lists who holds what, on its own host, while it runs.
	var buf, errb bytes.Buffer
	if code := runLocal(ctx, srv.store, domain.DefaultConfig(), "", nil, []string{"refs", "list"}, nil, &buf, &errb); code != 0 ||
		!strings.Contains(buf.String(), "Reserved here for laptops") || !strings.Contains(buf.String(), "A1001") {
		t.Errorf("the server's list: exit %d: %s%s", code, buf.String(), errb.String())
	}
}

// The laptop keeps only an answer that is what it asked for.
func TestRefsReplyChecked(t *testing.T) {
	const dev = "oic-0123456789abcdef"
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	good := `{"team":"SLN","year":2026,"first":101,"last":150,"device":"` + dev + `","officer":"A1001","at":"2026-06-01T12:00:00Z"}`
	for _, tc := range []struct {
		name, reply string
		req         refsRequest
		msg         string
	}{
		{"good", `{"oic_refs":1,"blocks":[` + good + `]}`, refsRequest{}, ""},
		{"another form", `{"oic_refs":2,"blocks":[` + good + `]}`, refsRequest{}, "form 2"},
		{"an unknown field", `{"oic_refs":1,"blocks":[` + good + `],"extra":1}`, refsRequest{}, "unknown field"},
		{"two answers", `{"oic_refs":1,"blocks":[` + good + `]}{}`, refsRequest{}, "more than one"},
		{"no block", `{"oic_refs":1,"blocks":[]}`, refsRequest{}, "0 blocks"},
		{"another device", `{"oic_refs":1,"blocks":[` + strings.Replace(good, dev, "oic-fedcba9876543210", 1) + `]}`, refsRequest{}, "not this folder"},
		{"another team", `{"oic_refs":1,"blocks":[` + good + `]}`, refsRequest{Team: "CLN"}, "not of the team asked"},
		{"another size", `{"oic_refs":1,"blocks":[` + good + `]}`, refsRequest{Count: 10}, "not the 10 asked"},
		{"marked used", `{"oic_refs":1,"blocks":[` + strings.Replace(good, `"last":150`, `"last":150,"used":120`, 1) + `]}`, refsRequest{}, "marked used"},
		{"one year twice", `{"oic_refs":1,"blocks":[` + good + `,` + strings.Replace(good, `"first":101,"last":150`, `"first":201,"last":250`, 1) + `]}`, refsRequest{}, "of one year"},
		{"not a block", `{"oic_refs":1,"blocks":[` + strings.Replace(good, `"last":150`, `"last":50`, 1) + `]}`, refsRequest{}, "not a block"},
	} {
		_, err := readRefsReply([]byte(tc.reply), dev, tc.req, now)
		switch {
		case tc.msg == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.msg != "" && (err == nil || !strings.Contains(err.Error(), tc.msg)):
			t.Errorf("%s: %v, want it to say %q", tc.name, err, tc.msg)
		}
	}
}

// TestRefsNoFolderMadeNothing: oic refs reserve, and oic refs, given a
// data folder that does not exist refuse, say so, and make none: an
// empty folder made by a mistyped --data-dir would hold numbers no visit
// takes. No server is asked.
func TestRefsNoFolderMadeNothing(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "laptop")
	code, out, errs := runOIC(t, ctx, "refs", "reserve", "ssh://127.0.0.1:1", "--data-dir", dir)
	if code == 0 || out != "" || !strings.Contains(errs, "there is no data folder "+dir) || !strings.Contains(errs, "nothing was reserved and no folder was made") {
		t.Errorf("reserve: exit %d: %s%s", code, out, errs)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("reserve made %s: %v", dir, err)
	}
	code, out, errs = runOIC(t, ctx, "refs", "--data-dir", dir)
	if code == 0 || !strings.Contains(errs, "there is no data folder "+dir) {
		t.Errorf("list: exit %d: %s%s", code, out, errs)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("list made %s: %v", dir, err)
	}
}
