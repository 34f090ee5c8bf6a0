// check.mjs - reads 837P files with node-x12 (a real X12 parser, strict mode: it refuses
// mismatched control numbers itself) and checks what SV-8 promises of them: the envelope
// (ISA/IEA, GS/GE, ST/SE counts and control numbers), the HL hierarchy (20 billing provider at
// the top, each 22 subscriber under it) and that each CLM total is the sum of its SV1 charges.
// Usage: node check.mjs FILE...  Every file must pass; then broken copies of the first must
// each fail (the checks can fail). Last line: "N passed, N failed".
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { X12Parser } = require('node-x12')

const el = (seg, i) => (seg.elements[i - 1] ? seg.elements[i - 1].value : '')
const cents = (s) => Math.round(parseFloat(s) * 100)

// Throws with the first problem; returns a summary.
export function check837 (text) {
  const ic = new X12Parser(true).parse(text.replace(/\n/g, ''))
  const isa = ic.header
  const iea = ic.trailer
  const groups = ic.functionalGroups
  if (el(iea, 1) !== String(groups.length)) throw new Error(`IEA01 ${el(iea, 1)} but ${groups.length} group(s)`)
  if (el(iea, 2) !== el(isa, 13)) throw new Error(`IEA02 ${el(iea, 2)} is not ISA13 ${el(isa, 13)}`)
  let claims = 0
  for (const g of groups) {
    if (el(g.header, 8) !== '005010X222A1') throw new Error(`GS08 ${el(g.header, 8)}`)
    if (el(g.trailer, 1) !== String(g.transactions.length)) throw new Error(`GE01 ${el(g.trailer, 1)} but ${g.transactions.length} transaction(s)`)
    if (el(g.trailer, 2) !== el(g.header, 6)) throw new Error('GE02 is not GS06')
    for (const t of g.transactions) {
      const st = t.header
      const se = t.trailer
      if (el(st, 1) !== '837') throw new Error(`ST01 ${el(st, 1)}`)
      if (el(se, 2) !== el(st, 2)) throw new Error('SE02 is not ST02')
      const count = t.segments.length + 2 // ST and SE themselves
      if (el(se, 1) !== String(count)) throw new Error(`SE01 says ${el(se, 1)} segments, there are ${count}`)
      const hl = new Map()
      let claim = null
      const closeClaim = () => {
        if (!claim) return
        if (claim.total !== claim.lines) throw new Error(`CLM ${claim.id}: total ${claim.total / 100} but its SV1 lines sum to ${claim.lines / 100}`)
        claims++
        claim = null
      }
      const tags = t.segments.map((s) => s.tag)
      for (const need of ['BHT', 'NM1', 'HL', 'SBR', 'CLM', 'HI', 'LX', 'SV1', 'DTP']) {
        if (!tags.includes(need)) throw new Error(`no ${need} segment`)
      }
      for (const s of t.segments) {
        if (s.tag === 'HL') {
          closeClaim()
          const id = el(s, 1)
          const parent = el(s, 2)
          const level = el(s, 3)
          if (hl.has(id)) throw new Error(`HL ${id} twice`)
          if (level === '20' && parent !== '') throw new Error(`HL ${id}: a billing provider has no parent`)
          if (level === '22' && hl.get(parent) !== '20') throw new Error(`HL ${id}: subscriber's parent ${parent} is not a billing provider`)
          if (level !== '20' && level !== '22') throw new Error(`HL ${id}: level ${level}`)
          hl.set(id, level)
        } else if (s.tag === 'CLM') {
          closeClaim()
          claim = { id: el(s, 1), total: cents(el(s, 2)), lines: 0 }
        } else if (s.tag === 'SV1') {
          if (!claim) throw new Error('SV1 outside a claim')
          claim.lines += cents(el(s, 2))
        }
      }
      closeClaim()
      if (![...hl.values()].includes('20')) throw new Error('no billing provider HL 20')
      const nm1 = t.segments.filter((s) => s.tag === 'NM1').map((s) => el(s, 1))
      for (const q of ['41', '40', '85', 'IL', 'PR']) if (!nm1.includes(q)) throw new Error(`no NM1*${q}`)
    }
  }
  return { groups: groups.length, claims }
}

let passed = 0
let failed = 0
const ok = (name) => { passed++; console.log(`ok   ${name}`) }
const bad = (name, why) => { failed++; console.log(`FAIL ${name}: ${why}`) }

const files = process.argv.slice(2)
if (files.length === 0) { console.error('usage: node check.mjs FILE...'); process.exit(2) }
for (const f of files) {
  try {
    const r = check837(readFileSync(f, 'utf8'))
    ok(`${f}: a valid 837P with ${r.claims} claim(s)`)
  } catch (e) { bad(f, e.message) }
}

// Broken copies of the first file: each must be refused, by the parser or by the checks.
const good = readFileSync(files[0], 'utf8')
const broken = {
  'a claim total that is not the sum of its lines': good.replace(/^(CLM\*[^*]*\*)([0-9.]+)/m, (m, a, v) => a + (parseFloat(v) + 1)),
  'an SE segment count off by one': good.replace(/^SE\*(\d+)/m, (m, n) => `SE*${Number(n) + 1}`),
  'a GE control number that is not GS06': good.replace(/^GE\*1\*(\d+)/m, 'GE*1*999'),
  'an IEA control number that is not ISA13': good.replace(/^IEA\*1\*(\d+)/m, 'IEA*1*000000998'),
  'a subscriber HL whose parent is not the billing provider': good.replace(/^HL\*2\*1\*22/m, 'HL*2*7*22'),
}
for (const [name, text] of Object.entries(broken)) {
  if (text === good) { bad(`broken: ${name}`, 'the file did not change'); continue }
  try {
    check837(text)
    bad(`broken: ${name}`, 'was accepted')
  } catch (e) { ok(`broken: ${name} is refused (${e.message.split('\n')[0]})`) }
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
