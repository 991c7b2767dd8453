package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"oic/cmd/oic/serve"
	"oic/domain"
	"oic/domain/domaintest"
	"oic/store"
	"oic/store/exchange"
	"oic/store/exchange/signing"
)

// served is an in-process oic serve on 127.0.0.1:0 over a folder with
// one closed visit, Alice (the OIC) and Jo Marsh (an HMI) each with a key.
type served struct {
	dir    string
	addr   string
	srv    *serve.Server
	store  *store.Store
	alice  ssh.Signer
	jo     ssh.Signer
	visits []*domain.Visit
	log    *syncBuffer
}

func startServer(t *testing.T, idle time.Duration) *served {
	t.Helper()
	dir, visits := closedStore(t, 1)
	alice, alicePub := testKey(t, "alice@laptop")
	jo, joPub := testKey(t, "jo@desk")
	for sn, pub := range map[string]string{"A1001": alicePub, "HMI0001": joPub} {
		if code, out, errs := runOIC(t, context.Background(), "officer", "key", "add", "--data-dir", dir, sn, writeTemp(t, pub)); code != 0 {
			t.Fatalf("key add %s: exit %d: %s%s", sn, code, out, errs)
		}
	}
	log := &syncBuffer{}
	s, srv, addr := serveFolder(t, dir, idle, log)
	return &served{dir: dir, addr: addr, srv: srv, store: s, alice: alice, jo: jo, visits: visits, log: log}
}

// serveFolder opens dir's store and serves it in-process on 127.0.0.1,
// until the test ends.
func serveFolder(t *testing.T, dir string, idle time.Duration, log io.Writer) (*store.Store, *serve.Server, string) {
	t.Helper()
	s, err := openFolderWith(dir, store.Options{Derive: exchange.Derivation()})
	if err != nil {
		t.Fatal(err)
	}
	release := s.Hold()
	srv, err := newServer(s, domain.DefaultConfig(), "127.0.0.1:0", idle, log)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		<-done
		release()
	})
	return s, srv, l.Addr().String()
}

func dial(t *testing.T, addr string, auth ...ssh.AuthMethod) (*ssh.Client, error) {
	t.Helper()
	return ssh.Dial("tcp", addr, &ssh.ClientConfig{User: "whoever", Auth: auth,
		HostKeyCallback: ssh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
}

func connect(t *testing.T, addr string, key ssh.Signer) *ssh.Client {
	t.Helper()
	c, err := dial(t, addr, ssh.PublicKeys(key))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// syncBuffer is a buffer written by one goroutine and read by another.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// waitFor waits, generously, until b holds want.
func waitFor(t *testing.T, b *syncBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(b.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("never saw %q in:\n%q", want, b.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// sshTerminal opens the terminal UI over c in a 120×40 xterm, its output
// gathered in the buffer returned.
func sshTerminal(t *testing.T, c *ssh.Client) (*ssh.Session, *syncBuffer, func(string)) {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 40, 120, ssh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	sess.Stdout, sess.Stderr = out, out
	in, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	return sess, out, func(keys string) {
		if _, err := in.Write([]byte(keys)); err != nil {
			t.Fatal(err)
		}
	}
}

// Two officers connect at once, each with their own key, and each is
// signed in as themselves: the first frame of each names its officer.
func TestServe_TwoOfficersEachThemselves(t *testing.T) {
	sv := startServer(t, 0)
	_, aliceOut, _ := sshTerminal(t, connect(t, sv.addr, sv.alice))
	_, joOut, _ := sshTerminal(t, connect(t, sv.addr, sv.jo))
	waitFor(t, aliceOut, "Alice Ames (A1001)")
	waitFor(t, joOut, "Jo Marsh (HMI0001)")
	if strings.Contains(joOut.String(), "Alice Ames (A1001)") {
		t.Errorf("Jo's session names Alice:\n%q", joOut.String())
	}
	// The folder's "last signed in" is the laptop's, untouched.
	if sn, err := sv.store.SignedIn(context.Background()); err != nil || sn != "A1001" {
		t.Errorf("last signed in = %q, %v; want A1001 as it was", sn, err)
	}
	waitFor(t, sv.log, "") // the log is written by the server; nothing to wait for
	b, err := os.ReadFile(filepath.Join(sv.dir, serve.ConnLogFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\tconnect\tA1001\t" + ssh.FingerprintSHA256(sv.alice.PublicKey()), "\tconnect\tHMI0001\t", "\tterminal"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the connection log lacks %q:\n%s", want, b)
		}
	}
	if fi, err := os.Stat(filepath.Join(sv.dir, serve.ConnLogFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the connection log's mode: %v, %v; want 0600", fi.Mode(), err)
	}
}

// A key nobody has is refused, and the client is told its fingerprint
// and what to ask for.
func TestServe_UnknownKeyRefused(t *testing.T) {
	sv := startServer(t, 0)
	stranger, _ := testKey(t, "")
	var told string
	_, err := dial(t, sv.addr, ssh.PublicKeys(stranger), ssh.KeyboardInteractive(func(name, instruction string, q []string, echo []bool) ([]string, error) {
		told = instruction
		return nil, nil
	}))
	if err == nil {
		t.Fatal("a stranger's key was let in")
	}
	fp := ssh.FingerprintSHA256(stranger.PublicKey())
	for _, want := range []string{fp, "is not an officer's key", "oic officer key add STAFFNO"} {
		if !strings.Contains(told, want) {
			t.Errorf("the refusal lacks %q: %q", want, told)
		}
	}
	b, _ := os.ReadFile(filepath.Join(sv.dir, serve.ConnLogFile))
	if !strings.Contains(string(b), "\trefused\t-\t"+fp+"\t") {
		t.Errorf("the connection log does not name the refused key:\n%s", b)
	}
}

// check REF over SSH prints what oic check prints locally as the key's
// officer; --as and --data-dir are refused, as are commands that are not
// run remotely.
func TestServe_Commands(t *testing.T) {
	sv := startServer(t, 0)
	ref := string(sv.visits[0].Ref)
	c := connect(t, sv.addr, sv.alice)
	run := func(cmd string) (int, string, string) {
		t.Helper()
		sess, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer sess.Close()
		var out, errb bytes.Buffer
		sess.Stdout, sess.Stderr = &out, &errb
		err = sess.Run(cmd)
		var exit *ssh.ExitError
		switch {
		case err == nil:
			return 0, out.String(), errb.String()
		case errors.As(err, &exit):
			return exit.ExitStatus(), out.String(), errb.String()
		}
		t.Fatalf("%s: %v", cmd, err)
		return 0, "", ""
	}
	code, out, errs := run("check --json " + ref)
	if code != 0 || out == "" {
		t.Errorf("check %s: exit %d\n%s%s", ref, code, out, errs)
	}
	// As the same command, run here on the same folder, says.
	var local, localErr bytes.Buffer
	g := &globals{dataDir: sv.dir, as: "A1001", served: sv.store, servedCfg: domain.DefaultConfig()}
	if err := runCheck(context.Background(), g, []string{"--json", ref}, &local, &localErr); err != nil {
		t.Fatal(err)
	}
	if out != local.String() {
		t.Errorf("check over SSH printed %q; locally %q", out, local.String())
	}
	for cmd, want := range map[string]string{
		"check SLN-2026-0999":                "SLN-2026-0999",
		"check " + ref + " --as HMI0001":     "--as is refused over SSH: you are Alice Ames (A1001)",
		"check --data-dir=/tmp " + ref:       "--data-dir is refused over SSH",
		"measures --out /tmp/x.csv":          "--out is refused over SSH: it would write a file on the server",
		"import /tmp/x.jsonl":                "import is not run over SSH",
		"officer add --staff-no X1":          "officer runs as list or show only",
		"export --format md --out /tmp/x.md": "over SSH the export comes on standard output",
	} {
		if code, _, errs := run(cmd); code != 2 || !strings.Contains(errs, want) || strings.Contains(errs, "\x1b") {
			t.Errorf("%s: exit %d, %q; want 2 and %q", cmd, code, errs, want)
		}
	}
	// verify over SSH does not claim Badger's checksums, which only a
	// verify on the server host, with the server stopped, reads.
	if code, _, errs := run("verify"); code != 0 || strings.Contains(errs, "and Badger's checksums hold") || !strings.Contains(errs, "checked by oic verify on the server host") {
		t.Errorf("verify over SSH: exit %d: %s", code, errs)
	}
	// The store is still open for the sessions after a command closed it.
	if code, out, errs := run("officer list"); code != 0 || !strings.Contains(out, "HMI0001") {
		t.Errorf("officer list after the commands: exit %d: %s%s", code, out, errs)
	}
}

// An export over SSH is the file on standard output and its signature by
// the folder's key on standard error.
func TestServe_ExportSigned(t *testing.T) {
	sv := startServer(t, 0)
	c := connect(t, sv.addr, sv.alice)
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	sess.Stdout, sess.Stderr = &out, &errb
	if err := sess.Run("export --format md"); err != nil {
		t.Fatalf("export: %v: %s", err, errb.String())
	}
	if !strings.Contains(out.String(), string(sv.visits[0].Ref)) {
		t.Fatalf("the export lacks the visit:\n%s", out.String())
	}
	sig, err := signing.ParseSignature(errb.Bytes())
	if err != nil {
		t.Fatalf("standard error is not a signature: %v\n%s", err, errb.String())
	}
	sum := sha256.Sum256(out.Bytes())
	if err := sig.Verify(sum[:]); err != nil {
		t.Fatalf("the signature does not verify the export: %v", err)
	}
	key, err := signing.FolderKey(sv.dir, folderVault(t, sv.dir))
	if err != nil || sig.Fingerprint() != key.Fingerprint() {
		t.Fatalf("signed by %s, not the folder's key (%v)", sig.Fingerprint(), err)
	}
}

// The server stopping with a session typing a new visit: the session is
// told, its typing is kept as a draft, and Shutdown returns.
func TestServe_ShutdownKeepsDrafts(t *testing.T) {
	sv := startServer(t, 0)
	_, out, press := sshTerminal(t, connect(t, sv.addr, sv.jo))
	waitFor(t, out, "Jo Marsh")
	press("n")
	waitFor(t, out, "Premises name")
	press("\t") // from the team to the premises' name
	press("Left at the gate")
	waitFor(t, out, "Left at the gate")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	began := time.Now()
	if err := sv.srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	t.Logf("Shutdown took %s", time.Since(began))
	waitFor(t, out, "the server is stopping; what you were typing is kept as a draft")
	d, err := sv.store.Draft(context.Background(), domaintest.Authoriser.StaffNo, "new-visit")
	if err != nil || !strings.Contains(string(d), "Left at the gate") {
		t.Fatalf("the draft: %q, %v", d, err)
	}
}

// A terminal left without a key pressed is closed, saying so.
func TestServe_IdleSessionClosed(t *testing.T) {
	sv := startServer(t, 300*time.Millisecond)
	_, out, _ := sshTerminal(t, connect(t, sv.addr, sv.alice))
	waitFor(t, out, "closed after 300ms with no key pressed")
}

// A session with neither a terminal nor a command is told what to do.
func TestServe_NoTerminal(t *testing.T) {
	sv := startServer(t, 0)
	sess, err := connect(t, sv.addr, sv.alice).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	sess.Stdout, sess.Stderr = &out, &out
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	sess.Wait()
	if !strings.Contains(out.String(), "the terminal UI needs a terminal: connect with ssh -t") {
		t.Fatalf("said %q", out.String())
	}
}

// On the server host, while oic serve holds the folder, oic check,
// export and officer key add are run by the server, as they would have
// run here; a command it does not run says to stop the server.
func TestServe_LocalCommandsAskTheServer(t *testing.T) {
	sv := startServer(t, 0)
	if err := sv.srv.ListenLocal(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ref := string(sv.visits[0].Ref)
	code, out, errs := runOIC(t, ctx, "check", "--data-dir", sv.dir, "--json", ref)
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Fatalf("check while served: exit %d: %q %s", code, out, errs)
	}
	// A relative --out is the caller's folder, not the server's.
	outDir := t.TempDir()
	wd, _ := os.Getwd()
	if err := os.Chdir(outDir); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runOIC(t, ctx, "export", "--data-dir", sv.dir, "--format", "md", "--out", "visits")
	os.Chdir(wd)
	if code != 0 || !strings.Contains(out, "Exported 1 closed visit to "+filepath.Join(outDir, "visits.md")) {
		t.Fatalf("export while served: exit %d: %s%s", code, out, errs)
	}
	for _, f := range []string{"visits.md", "visits.md.sha256", "visits.md.sig"} {
		if _, err := os.Stat(filepath.Join(outDir, f)); err != nil {
			t.Errorf("export while served: %v", err)
		}
	}
	// A key from standard input, as the folder's last signed in (Alice).
	_, pub := testKey(t, "driver@van")
	var sout, serr bytes.Buffer
	if code := run(ctx, []string{"--data-dir", sv.dir, "officer", "key", "add", "IO0904", "-"}, strings.NewReader(pub), &sout, &serr); code != 0 {
		t.Fatalf("key add while served: exit %d: %s%s", code, sout.String(), serr.String())
	}
	trail, err := sv.store.OfficerAudit(ctx, "IO0904")
	if err != nil || trail[len(trail)-1].Change.Action != store.ActionKeyAdded || trail[len(trail)-1].Change.Actor != "A1001" {
		t.Fatalf("the driver's trail after key add while served: %+v, %v", trail, err)
	}
	code, _, errs = runOIC(t, ctx, "import", "--data-dir", sv.dir, filepath.Join(outDir, "visits.md"))
	if code != 1 || !strings.Contains(errs, "holds the data folder "+sv.dir+", and this command is not one it runs for you") {
		t.Fatalf("import while served: exit %d: %s", code, errs)
	}
}

// An officer with a PIN (IDN-1): over SSH their key is their identity and
// an export asks no PIN of the server's terminal; a local oic whose
// command the server runs brings the PIN (OIC_PIN_FILE here, as there is
// no terminal), and without one is refused with nothing written.
func TestServe_PINs(t *testing.T) {
	sv := startServer(t, 0)
	if err := sv.srv.ListenLocal(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	alice, err := sv.store.Officer(ctx, "A1001")
	if err != nil {
		t.Fatal(err)
	}
	if err := sv.store.SetPIN(ctx, "A1001", "2468", alice, time.Now()); err != nil {
		t.Fatal(err)
	}
	sess, err := connect(t, sv.addr, sv.alice).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	sess.Stdout, sess.Stderr = &out, &errb
	if err := sess.Run("export --format md"); err != nil || !strings.Contains(out.String(), string(sv.visits[0].Ref)) {
		t.Fatalf("export over SSH by an officer with a PIN: %v: %s", err, errb.String())
	}

	t.Setenv("OIC_PIN_FILE", "")
	outDir := t.TempDir()
	code, _, errs := runOIC(t, ctx, "export", "--data-dir", sv.dir, "--format", "md", "--out", filepath.Join(outDir, "none"))
	if code == 0 || !strings.Contains(errs, "has a PIN and this command records as them, but oic serve holds") {
		t.Fatalf("a local export with no PIN while served: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(outDir, "none.md")); err == nil {
		t.Fatal("a refused export wrote its file")
	}
	pinFile := filepath.Join(t.TempDir(), "pin")
	if err := os.WriteFile(pinFile, []byte("2468\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("OIC_PIN_FILE", pinFile)
	code, out2, errs := runOIC(t, ctx, "export", "--data-dir", sv.dir, "--format", "md", "--out", filepath.Join(outDir, "mine"))
	if code != 0 || !strings.Contains(out2, "Exported 1 closed visit") {
		t.Fatalf("a local export with the PIN while served: exit %d: %s%s", code, out2, errs)
	}
}

// A key taken from its officer while the server runs (a lost laptop)
// closes that key's sessions at once, their typing kept as a draft, and
// lets no new one in; other officers' sessions go on.
func TestServe_KeyRemovedEndsItsSessions(t *testing.T) {
	sv := startServer(t, 0)
	_, joOut, press := sshTerminal(t, connect(t, sv.addr, sv.jo))
	_, aliceOut, pressAlice := sshTerminal(t, connect(t, sv.addr, sv.alice))
	waitFor(t, joOut, "Jo Marsh")
	waitFor(t, aliceOut, "Alice Ames")
	press("n")
	waitFor(t, joOut, "Premises name")
	press("\t")
	press("Typed before the key went")
	waitFor(t, joOut, "Typed before the key went")

	fp := ssh.FingerprintSHA256(sv.jo.PublicKey())
	if err := sv.store.RemoveOfficerKey(context.Background(), "HMI0001", fp, oicAlice, time.Now()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, joOut, "an administrator has taken the key this session signed in with from your profile, so the session is closed; what you were typing is kept as a draft")
	d, err := sv.store.Draft(context.Background(), "HMI0001", "new-visit")
	if err != nil || !strings.Contains(string(d), "Typed before the key went") {
		t.Fatalf("the draft: %q, %v", d, err)
	}
	if _, err := dial(t, sv.addr, ssh.PublicKeys(sv.jo)); err == nil {
		t.Fatal("the removed key connected again")
	}
	if strings.Contains(aliceOut.String(), "Premises name") {
		t.Fatal("Alice's session showed the new-visit form before she asked for it")
	}
	pressAlice("n")
	waitFor(t, aliceOut, "Premises name") // her session goes on
	b, err := os.ReadFile(filepath.Join(sv.dir, serve.ConnLogFile))
	if err != nil || !strings.Contains(string(b), "\tkey removed\tHMI0001\t"+fp) {
		t.Fatalf("the connection log: %v\n%s", err, b)
	}
}
