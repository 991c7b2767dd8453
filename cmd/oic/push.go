package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"oic/domain"
	"oic/store"
	"oic/store/exchange"
	"oic/store/exchange/signing"
)

const pushUsage = "[--identity FILE] [--known-hosts FILE] [--skip REF]... [--to-file FILE] ssh://[USER@]HOST[:PORT] [REF...]"

// pushClock is when a push is made; tests stand still.
var pushClock = time.Now

// maxTransfer bounds a push or pull as it arrives: a laptop's visits
// are a few megabytes; a region's year about a gigabyte.
const maxTransfer = 1 << 30

// runPush sends this laptop's visits to a team server (oic push): those
// named, or those changed here since the last push or pull to it, in
// every state, as an export signed by this folder's key. The server
// takes them all or none (pushReceive). Over SSH, on the server, it is
// that receiving side.
func runPush(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	if g.remote != nil {
		return pushReceive(ctx, g, stdout, stderr)
	}
	call, err := parseTransfer(g, "push", args, stdout, stderr, pushUsage,
		"leave this `REF` out of the push (repeatable): one changed on both sides, until it is settled",
		"write the push to this `file` (with FILE.sha256 and FILE.sig), signed, instead of sending it: a copy of this laptop's version")
	if err != nil {
		return err
	}
	target, refs, skip, toFile := call.target, call.refs, call.skip, &call.toFile
	s, cfg, err := openExisting(g)
	if err != nil {
		return err
	}
	defer s.Close()
	by, err := recorder(ctx, g, s, cfg, stderr)
	if err != nil {
		return err
	}
	st, err := readServerState(s.Dir(), target)
	if err != nil {
		return err
	}
	// The heads are read before the export: a save between the two is
	// then sent again next time, never taken for sent.
	heads, err := visitHeads(ctx, s, refs)
	if err != nil {
		return err
	}
	if refs == nil {
		for ref, h := range heads {
			if st.Heads[ref] != h {
				refs = append(refs, ref)
			}
		}
		slices.Sort(refs)
	} else {
		for _, ref := range refs {
			if _, ok := heads[ref]; !ok {
				return fmt.Errorf("%s is not in %s; nothing was pushed", ref, s.Dir())
			}
		}
	}
	refs = slices.DeleteFunc(refs, func(r domain.Ref) bool { return slices.Contains(skip, r) })
	if len(refs) == 0 {
		fmt.Fprintf(stdout, "Nothing to push: no visit in %s has changed since the last push or pull with %s.\n", s.Dir(), target)
		return nil
	}
	opt := exchange.ExportOptions{Format: exchange.FormatJSONL, Visits: refs, By: by, At: pushClock(), ToolVersion: Version(),
		Config: cfg, Loc: cfg.Location()}
	if *toFile != "" {
		res, err := exchange.ExportFile(ctx, s, *toFile, opt)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Wrote %d %s of %s to %s, signed by this folder's key (%s), with %s.sha256 and %s.sig. Nothing was sent.\n",
			res.Count, plural(res.Count, "visit"), s.Dir(), res.Path, res.Fingerprint, filepath.Base(res.Path), filepath.Base(res.Path))
		return nil
	}
	// The push is made in memory, never in a file: it holds the visits
	// (names, dates of birth) in plain, and a temporary file would leave
	// them on the laptop's disk (issue 18). A laptop's push is small.
	key, err := signing.FolderKey(s.Dir(), s.Vault())
	if err != nil {
		return err
	}
	var body bytes.Buffer
	opt.Name = "a push to " + target.String()
	res, err := exchange.Export(ctx, s, &body, opt)
	if err != nil {
		return err
	}
	res.Fingerprint = key.Fingerprint()
	raw, err := hex.DecodeString(res.SHA256)
	if err != nil {
		return err
	}
	sig, err := key.SignSHA256(raw)
	if err != nil {
		return err
	}
	c, err := sshDial(ctx, target, call.ssh)
	if err != nil {
		return err
	}
	defer c.Close()
	var out, errb limitedBuffer
	code, err := sshRun(ctx, c, []string{"push"}, io.MultiReader(bytes.NewReader(sig), &body), &out, &errb)
	if err != nil {
		return fmt.Errorf("the push to %s did not finish (%w). The server takes a push whole or not at all: push again to send it", target, err)
	}
	var r pushReply
	_ = json.Unmarshal(out.Bytes(), &r)
	if code != 0 {
		if len(r.Conflicts) > 0 && len(r.Refused) == 0 {
			fmt.Fprint(stderr, conflictAdvice(s.Dir(), cfg.Location(), target, r.Conflicts, "push"))
			return &exitError{Code: 1}
		}
		msg := strings.TrimPrefix(strings.TrimSpace(errb.String()), "oic: ")
		if msg == "" {
			msg = fmt.Sprintf("the server ended the push with exit status %d and said nothing", code)
		}
		return fmt.Errorf("%s refused the push: %s", target, msg)
	}
	for _, ref := range refs {
		st.Heads[ref] = heads[ref]
	}
	if err := st.write(s.Dir(), target); err != nil {
		fmt.Fprintf(stderr, "oic push: the push went through, but this folder could not note it (%v): the next push sends the same visits again, which changes nothing there.\n", err)
	}
	fmt.Fprintf(stdout, "Pushed %d %s to %s, signed by this folder's key (%s): %d new there, %d updated, %d already there and the same, %d older than the server's (the server's kept).\n",
		res.Count, plural(res.Count, "visit"), target, res.Fingerprint, r.Added, r.Replaced, r.Unchanged, r.Older)
	return nil
}

// pushReply is what the server's side of a push writes on standard
// output: what it took, or the visits changed on both sides.
type pushReply struct {
	Visits    int                     `json:"visits"`
	Added     int                     `json:"added"`
	Replaced  int                     `json:"replaced"`
	Unchanged int                     `json:"unchanged"`
	Older     int                     `json:"older"`
	Conflicts []exchange.Conflict     `json:"conflicts,omitempty"`
	Refused   []exchange.RefusedVisit `json:"refused,omitempty"`
}

// pushReceive is the server's side of oic push, run over SSH as the key's
// officer: the signature (an SSHSIG armoured block), then the export, on
// standard input; taken in whole or not at all, only if the server's
// allowed_signers lists the signing key, the officer is OIC of or on the
// team of every visit in it, and each extends the server's trail for it
// or is new here.
func pushReceive(ctx context.Context, g *globals, stdout, stderr io.Writer) error {
	s, cfg, err := g.open()
	if err != nil {
		return err
	}
	defer s.Close()
	by, err := signedIn(ctx, g, s, true)
	if err != nil {
		return err
	}
	allowed := filepath.Join(s.Dir(), exchange.AllowedSignersFile)
	if _, err := os.Stat(allowed); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("this server takes pushes only from laptops it lists, and it has no allowed_signers file yet: ask its administrator to add the line oic key prints on your laptop to %s. Nothing was taken in", allowed)
	}
	path, cleanup, err := receiveTransfer(s, "push", g.stdin)
	if err != nil {
		return err
	}
	defer cleanup(s)
	// The blocks of numbers this server reserved for laptops: a visit new
	// here may not take a number reserved for another laptop.
	issued, err := s.IssuedRefs(ctx)
	if err != nil {
		return err
	}
	res, err := exchange.ImportTransfer(ctx, s, path, exchange.TransferOptions{By: by, At: pushClock(), AllowedSigners: allowed,
		May: func(v, held *domain.Visit, added []domain.AuditEntry) error { return cfg.MayPush(by, v, held, added) },
		New: func(ref domain.Ref, signers []string) error { return domain.MayArrive(issued, signers, ref) }})
	var te *exchange.TransferError
	if errors.As(err, &te) {
		_ = json.NewEncoder(stdout).Encode(pushReply{Conflicts: te.Conflicts, Refused: te.Refused})
		return err
	}
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(pushReply{Visits: res.Visits, Added: res.Added, Replaced: res.Replaced, Unchanged: res.Unchanged, Older: res.Older})
}

// receiveTransfer reads a signature block and the file it signs from r
// into the data folder's incoming/ (beside the store, outside it), with
// FILE.sha256 and FILE.sig beside it as the import reads them; sealed
// (FILE.key beside it) if the folder is encrypted. cleanup removes them,
// unless an import of it was left unfinished, which the same file
// imported again finishes.
func receiveTransfer(s *store.Store, what string, r io.Reader) (string, func(*store.Store), error) {
	dataDir := s.Dir()
	br := bufio.NewReaderSize(r, 64<<10)
	var sig []byte
	for {
		line, err := br.ReadSlice('\n')
		sig = append(sig, line...)
		if len(sig) > signing.MaxSignature {
			return "", nil, fmt.Errorf("the %s does not begin with a signature: over %d kB came before its end. Nothing was taken in", what, signing.MaxSignature>>10)
		}
		if strings.HasPrefix(string(line), "-----END SSH SIGNATURE-----") {
			break
		}
		if err != nil {
			return "", nil, fmt.Errorf("the %s ended before its signature did (%v). Nothing was taken in", what, err)
		}
	}
	dir := filepath.Join(dataDir, "incoming")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", nil, err
	}
	var id [6]byte
	_, _ = rand.Read(id[:])
	path := filepath.Join(dir, fmt.Sprintf("%s-%s-%s.jsonl", what, time.Now().UTC().Format("20060102T150405"), hex.EncodeToString(id[:])))
	cleanup := func(s *store.Store) {
		if s != nil {
			if p, _ := exchange.PendingImportOf(s); p != nil && p.Path == path {
				return
			}
		}
		for _, f := range []string{path, path + ".sha256", path + ".sig", exchange.IncomingKeyFile(path)} {
			os.Remove(f)
		}
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return "", nil, err
	}
	h := sha256.New()
	sealed, err := exchange.SealIncoming(path, s.Vault(), f)
	var n int64
	if err == nil {
		n, err = io.Copy(io.MultiWriter(sealed, h), io.LimitReader(br, maxTransfer+1))
		if serr := sealed.Close(); err == nil {
			err = serr
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > maxTransfer {
		err = fmt.Errorf("it is over %d MB", maxTransfer>>20)
	}
	if err == nil {
		err = os.WriteFile(path+".sha256", fmt.Appendf(nil, "%x  %s\n", h.Sum(nil), filepath.Base(path)), 0o600)
	}
	if err == nil {
		err = os.WriteFile(path+".sig", sig, 0o600)
	}
	if err != nil {
		cleanup(nil)
		return "", nil, fmt.Errorf("cannot take in the %s: %w. Nothing was taken in", what, err)
	}
	return path, cleanup, nil
}

// conflictAdvice says which visits were changed on both sides, that
// nothing was lost, and what to run, in this folder, to go on.
func conflictAdvice(dir string, loc *time.Location, t sshTarget, cs []exchange.Conflict, what string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "oic %s: nothing was %s: %s and this laptop are as they were. ", what, map[string]string{"push": "pushed", "pull": "pulled"}[what], t)
	if len(cs) == 1 {
		b.WriteString("A visit was changed on both sides since they last agreed:\n")
	} else {
		fmt.Fprintf(&b, "%d visits were changed on both sides since they last agreed:\n", len(cs))
	}
	here, there := "this laptop", "the server"
	if what == "push" {
		here, there = there, here // the server's reply names its own as here
	}
	for _, c := range cs {
		agree := fmt.Sprintf("the first %d entries of its trail agree", c.Common)
		if c.Common == 1 {
			agree = "the first entry of its trail agrees"
		}
		fmt.Fprintf(&b, "  %s: %s; then\n    on %s: %s\n    on %s: %s\n",
			domain.Inert(string(c.Ref)), agree, here, c.Here.In(loc), there, c.There.In(loc))
	}
	dd := shellQuote(dir)
	fmt.Fprintf(&b, "Both versions are kept as they are, each on its own side; neither replaces the other. To go on, for each visit above (here %s):\n", cs[0].Ref)
	ref := string(cs[0].Ref)
	fmt.Fprintf(&b, "  1. keep a signed copy of this laptop's version:  oic push --data-dir %s --to-file %s-laptop.jsonl %s %s\n", dd, ref, t, ref)
	fmt.Fprintf(&b, "  2. bring the server's version down beside it:    oic pull --data-dir %s --to-file %s-server.jsonl %s %s\n", dd, ref, t, ref)
	fmt.Fprintf(&b, "  3. redo this laptop's changes on the server's version, over SSH: ssh -t -p %s %s (it opens there)\n", t.Port, t.Host)
	skips := ""
	for _, c := range cs {
		skips += " --skip " + string(c.Ref)
	}
	fmt.Fprintf(&b, "  4. %s the rest meanwhile:                        oic %s --data-dir %s%s %s\n", what, what, dd, skips, t)
	return b.String()
}

// transferCall is what push and pull are given: how to reach the
// server (their shared flags), the visits to leave out, the file to
// write instead, the server and the references after it.
type transferCall struct {
	ssh    sshOptions
	skip   refList
	toFile string
	target sshTarget
	refs   []domain.Ref
}

// parseTransfer reads push's or pull's flags and arguments.
func parseTransfer(g *globals, cmd string, args []string, stdout, stderr io.Writer, usage, skipHelp, toFileHelp string) (transferCall, error) {
	var c transferCall
	fs := g.flagSet(cmd, stderr)
	fs.StringVar(&c.ssh.Identity, "identity", "", "your SSH private key `file` (default ~/.ssh/id_ed25519; ssh-agent's keys are offered too)")
	fs.StringVar(&c.ssh.KnownHosts, "known-hosts", "", "the known_hosts `file` the server's host key is checked against (default ~/.ssh/known_hosts)")
	fs.Var(&c.skip, "skip", skipHelp)
	fs.StringVar(&c.toFile, "to-file", "", toFileHelp)
	rest, err := parseWithArgs(fs, args, stdout, usage)
	if err != nil {
		return c, err
	}
	if len(rest) == 0 {
		fmt.Fprintf(stderr, "oic %s: say which server: ssh://HOST:2323\nUsage: oic %s %s\n", cmd, cmd, usage)
		return c, errUsage
	}
	if c.target, err = parseSSHTarget(rest[0]); err != nil {
		fmt.Fprintf(stderr, "oic %s: %v\n", cmd, err)
		return c, errUsage
	}
	for _, a := range rest[1:] {
		ref, err := domain.ParseRef(strings.ToUpper(a))
		if err != nil {
			fmt.Fprintf(stderr, "oic %s: %v\n", cmd, err)
			return c, errUsage
		}
		c.refs = append(c.refs, ref)
	}
	return c, nil
}

// refList is a repeatable flag of references.
type refList []domain.Ref

func (l *refList) String() string { return fmt.Sprint(*l) }
func (l *refList) Set(v string) error {
	ref, err := domain.ParseRef(strings.ToUpper(strings.TrimSpace(v)))
	if err != nil {
		return err
	}
	*l = append(*l, ref)
	return nil
}

// limitedBuffer keeps the first 1 MB written to it: what a server says
// is short, and a server is not trusted to be.
type limitedBuffer struct{ bytes.Buffer }

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := 1<<20 - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	if strings.HasSuffix(word, "y") {
		return strings.TrimSuffix(word, "y") + "ies"
	}
	return word + "s"
}
