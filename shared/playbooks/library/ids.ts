/**
 * The ids of the built-in playbooks, in one place so that playbooks can link
 * to each other (CACAO playbook-action) without importing each other.
 */
export const builtinRefs = {
  unknown: { playbookId: 'builtin.unknown-incident', cacaoId: 'playbook--f6092d1c-ba82-418e-b098-beae2be6225d' },
  malware: { playbookId: 'builtin.malware-outbreak', cacaoId: 'playbook--fb114bc8-58df-4d3d-b23f-7fb995caf6ff' },
  host: { playbookId: 'builtin.compromised-host', cacaoId: 'playbook--da1e9f2f-f313-467d-9c58-33da3a9d00fd' },
  phishing: { playbookId: 'builtin.phishing', cacaoId: 'playbook--ce0c1994-8e2c-4fcd-86a1-8567d9780eb5' },
  dos: { playbookId: 'builtin.denial-of-service', cacaoId: 'playbook--56e0f5eb-21df-4cb5-86f7-3c5040e56dc3' },
  exfiltration: { playbookId: 'builtin.data-theft', cacaoId: 'playbook--6f951a74-a8b7-4cbf-ad9d-e29d6c77eb74' },
  insider: { playbookId: 'builtin.insider-misuse', cacaoId: 'playbook--a1913eda-76cd-44c0-b62b-db2e1e8b8ec4' },
  lost: { playbookId: 'builtin.lost-device', cacaoId: 'playbook--d3699ec2-9c3b-4264-94d2-64be7f53a1ff' },
} as const;
