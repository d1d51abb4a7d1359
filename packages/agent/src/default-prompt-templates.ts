import type { TaskKind } from '@swespot/core';

/**
 * The templates of one task kind. `{{name}}` placeholders are filled by `renderTemplate`;
 * an unknown name is an error. Which names each template may use:
 *
 * - `system`, `instance`: `task` (the problem statement, question, prompt or instruction),
 *   `workdir`, `sentinel`, `submitCommand`, `reportPath`, `stepLimit`,
 *   `commandTimeoutSeconds`, `contextLimitTokens`, plus per kind: `file`, `holeCount` (fim),
 *   `targets` (design), `testFiles` (test-repro), `newComponents` (feature).
 * - `observation`: `returnCode`, `output`.
 * - `observationTruncated`: `returnCode`, `outputHead`, `outputTail`, `elidedCharacters`.
 * - `timeout`: `action`, `output`, `commandTimeoutSeconds`.
 * - `formatError`: `actionCount`.
 * - `repetitionWarning`: `count`, `listing` (the output of `ls -lh` in the workspace), `workdir`.
 */
export interface PromptTemplates {
  /** The system prompt. */
  readonly system: string;
  /** The first user message: the task and how to work on it and submit. */
  readonly instance: string;
  /** The answer to a command whose output fits the observation limit. */
  readonly observation: string;
  /** The answer to a command whose output was cut to its head and tail. */
  readonly observationTruncated: string;
  /** The answer to a command killed by the per-command timeout. */
  readonly timeout: string;
  /** The answer to a reply with zero or several bash blocks. */
  readonly formatError: string;
  /** The answer to a reply repeated often enough to look like a loop (the command is not run). */
  readonly repetitionWarning: string;
}

const fence = '```';

const formatExample = `<format_example>
THOUGHT: Your reasoning and analysis here

${fence}bash
your_command_here
${fence}
</format_example>`;

const systemPrompt = (role: string) => `${role}
Your response must contain exactly ONE bash code block with ONE command (or commands connected with && or ||).

Include a THOUGHT section before your command where you explain your reasoning process.
Format your response as shown in <format_example>.

${formatExample}

Failure to follow these rules will cause your response to be rejected.
`;

const defaultSystem = systemPrompt(
  'You are a helpful assistant that can interact multiple times with a computer shell to solve programming tasks.',
);

const commandRules = (exampleThought: string, exampleCommand: string) => `## Command Execution Rules
You are operating in an environment where
1. You write a single command
2. The system executes that command in a subshell
3. You see the result
4. You write your next command

Each response should include:
1. A **THOUGHT** section where you explain your reasoning and plan
2. A single bash code block with your command

Format your responses like this:

<format_example>
THOUGHT: Here I explain my reasoning process, analysis of the current situation,
and what I'm trying to accomplish with the command below.

${fence}bash
your_command_here
${fence}
</format_example>

Commands must be specified in a single bash code block:

${fence}bash
your_command_here
${fence}

**CRITICAL REQUIREMENTS:**
- Your response SHOULD include a THOUGHT section explaining your reasoning
- Your response MUST include EXACTLY ONE bash code block
- This bash block MUST contain EXACTLY ONE command (or a set of commands connected with && or ||)
- If you include zero or multiple bash blocks, or no command at all, YOUR RESPONSE WILL FAIL
- Do NOT try to run multiple independent commands in separate blocks in one response
- Directory or environment variable changes are not persistent. Every action is executed in a new subshell.
- However, you can prefix any action with \`MY_ENV_VAR=MY_VALUE cd /path/to/working/dir && ...\` or write/load environment variables from files

Example of a CORRECT response:
<example_response>
THOUGHT: ${exampleThought}

${fence}bash
${exampleCommand}
${fence}
</example_response>

Example of an INCORRECT response:
<example_response>
THOUGHT: I need to examine the codebase and then look at a specific file. I'll run multiple commands to do this.

${fence}bash
ls -la
${fence}

Now I'll read the file:

${fence}bash
cat file.txt
${fence}
</example_response>

If you need to run multiple commands, either:
1. Combine them in one block using && or ||
${fence}bash
command1 && command2 || echo "Error occurred"
${fence}

2. Wait for the first command to complete, see its output, then issue the next command in your following response.

## Environment Details
- You have a full Linux shell environment
- Always use non-interactive flags (-y, -f) for commands
- Avoid interactive tools like vi, nano, or any that require user input
- If a command isn't available, you can install it
`;

const exploreThought =
  'I need to understand the structure of the repository first. Let me check what files are in the current directory to get a better understanding of the codebase.';

const editExamples = `## Useful Command Examples

### Create a new file:
${fence}bash
cat <<'EOF' > newfile.py
import numpy as np
hello = "world"
print(hello)
EOF
${fence}

### Edit files with sed:
${fence}bash
# Replace all occurrences
sed -i 's/old_string/new_string/g' filename.py

# Replace only first occurrence
sed -i 's/old_string/new_string/' filename.py

# Replace first occurrence on line 1
sed -i '1s/old_string/new_string/' filename.py

# Replace all occurrences in lines 1-10
sed -i '1,10s/old_string/new_string/g' filename.py
${fence}

### View file content:
${fence}bash
# View specific lines with numbers
nl -ba filename.py | sed -n '10,20p'
${fence}

### Any other command you want to run
${fence}bash
anything
${fence}
`;

const budget = `### Budget
Context Budget: You should avoid commands that produce very long outputs to use the context budget effectively. Use head, tail or sed to view a smaller number of lines selectively. Use grep to search and filter. Avoid overthinking and very long thoughts.
Time Budget: Commands taking more than {{commandTimeoutSeconds}} seconds to finish will timeout.
Action Budget: You only have up to {{stepLimit}} turns to complete your task, so try to be efficient.
`;

const submission = (when: string, what: string) => `## Submission
${when}
issue exactly the following command:

${fence}bash
{{submitCommand}}
${fence}

This command will submit your ${what}.
You cannot continue working (reading, editing, testing) in any way on this task after submitting.
`;

const oneCommandPerResponse = `IMPORTANT: This is an interactive process where you will think and issue ONE command, see its result, then think and issue your next command.

For each response:
1. Include a THOUGHT section explaining your reasoning and what you're trying to accomplish
2. Provide exactly ONE bash command to execute`;

const changeInstance = (goal: string, workflow: string) => `<pr_description>
Consider the following PR description:
{{task}}
</pr_description>

<instructions>
# Task Instructions

## Overview
You're a software engineer interacting continuously with a computer by submitting commands.
You'll be helping implement necessary changes to meet requirements in the PR description.
Your task is specifically to make changes to non-test files in the current directory in order to ${goal} in a way that is general and consistent with the codebase.

${oneCommandPerResponse}

## Important Boundaries
- MODIFY: Regular source code files in {{workdir}} (this is the working directory for all your subsequent commands)
- DO NOT MODIFY: Tests, configuration files (pyproject.toml, setup.cfg, etc.)

## Recommended Workflow
${workflow}

${commandRules(exploreThought, 'ls -la')}
${editExamples}
${submission('When you\'ve completed your work (reading, editing, testing), and cannot make further progress', 'work')}</instructions>
`;

const bugfixInstance = changeInstance(
  'fix the issue described in the PR description',
  `1. Analyze the codebase by finding and reading relevant files
2. Create a script to reproduce the issue
3. Edit the source code to resolve the issue
4. Verify your fix works by running your script again
5. Test edge cases to ensure your fix is robust`,
);

const featureInstance = changeInstance(
  'implement the feature requested in the PR description',
  `1. Analyze the codebase by finding and reading relevant files
2. Edit the source code to implement the feature requested in the PR description
3. Verify your implementation works by drafting and running some tests
4. Test edge cases to ensure your implementation is robust`,
);

const testReproInstance = `<issue_description>
Consider the following issue description:
{{task}}
</issue_description>

<instructions>
# Task Instructions: Write Unit Tests to Reproduce a Bug

## Overview
You are a test engineer. Your task is to write unit tests that:
1. **FAIL** on the current buggy codebase (reproducing the issue described above)
2. **PASS** once the issue is properly fixed

Your tests should detect the bug - they should fail because the bug exists, not because of unrelated reasons like import errors or syntax issues.

${oneCommandPerResponse}

## Important Guidelines
- **WRITE TESTS ONLY**: Add new test files or extend existing test files
- **DO NOT FIX THE BUG**: Your goal is to write tests that expose the bug, not to fix it
- **PLACE TESTS CORRECTLY**: Put your tests in the repository's existing test directory structure{{testFiles}}
- **FOLLOW CONVENTIONS**: Use the same test framework as existing tests

## Recommended Workflow
1. **Understand the issue**: Read the issue description carefully to understand the expected vs actual behavior
2. **Explore the codebase**: Find the relevant source code mentioned in the issue
3. **Find test directory**: Locate the existing test structure and conventions
4. **Study existing tests**: Look at how similar functionality is tested
5. **Write your test**: Create a test that fails due to the bug
6. **Verify the test fails**: Run your test to confirm it fails on the buggy code
7. **Submit your work**

${commandRules(
  'I need to understand the test structure of this repository first. Let me check what test directories and files exist to understand the conventions used.',
  'find . -type d -name "*test*" | head -20',
)}
## Useful Command Examples

### Create a new test file:
${fence}bash
cat <<'EOF' > tests/test_issue_12345.py
import pytest
from mymodule import some_function

class TestIssue12345:
    def test_reproduces_bug(self):
        # This test should FAIL on buggy code, PASS when fixed
        result = some_function()
        assert result == expected_value
EOF
${fence}

### View file content:
${fence}bash
# View specific lines with numbers
nl -ba filename.py | sed -n '10,20p'
${fence}

### Run tests to verify they fail:
${fence}bash
# For pytest
pytest tests/test_issue_12345.py -v

# For unittest
python -m unittest tests.test_module.TestClass.test_method -v
${fence}

${submission('When you\'ve completed writing your tests and verified they fail on the buggy code,', 'test patch')}
## What Makes a Good Test
1. **Reproduces the bug**: The test fails specifically because the bug exists
2. **Will pass when fixed**: The test should pass once the issue is resolved
3. **Clear test name**: The test name indicates what issue it's testing
4. **Proper location**: The test is placed in the repository's test directory
5. **Correct framework**: The test uses the same framework as other tests in the repo
6. **Minimal dependencies**: The test focuses on the specific bug, not unrelated functionality
</instructions>
`;

const reportInstance = (opening: string, overview: string) => `${opening}

<instructions>
## Overview
${overview}

IMPORTANT: This is an interactive process where you will think and issue ONE command, see its result, then think and issue your next command. By leveraging bash commands, you can gather information about the codebase that can help you answer the question.

For each response:
1. Include a THOUGHT section: You can generally follow these steps in your thought section: explain and verbalize the information you observe in the last step, reason about the current progress, and then plan the next steps
2. Provide exactly ONE bash command to execute
3. HTML-like tags are used in this instruction to organize the information. You should NOT use such HTML tags in your response.

We expect your final answer to be finally found at \`{{reportPath}}\`. Answer the question in a complete, clear and concise manner.

${commandRules(exploreThought, 'ls -la')}
${editExamples}
${budget}
${submission('When you\'ve completed your work (reading, editing, testing), and cannot make further progress', 'work')}</instructions>
`;

const qaInstance = reportInstance(
  `<question>
{{task}}
</question>`,
  'Your task is to answer the given question above about the repository at {{workdir}} . According to the question, you explore relevant parts of the codebase, analyze them, and report your answer in the file `{{reportPath}}`.',
);

const designInstance = reportInstance(
  `<design_question>
{{task}}
</design_question>

<targets>
{{targets}}
</targets>`,
  'Your task is to write a software design report about the targets above in the repository at {{workdir}}. Explore the code, read how the targets are used by the rest of the system, and explain their functionality, the design rationale behind them (why they are built this way and which alternatives they avoid), and how they interact with other modules. Ground every claim in the code: name the files, classes and functions you rely on. Write the report in Markdown to the file `{{reportPath}}`.',
);

const fimInstance = `<implementation_request>
{{task}}
</implementation_request>

<instructions>
# Task Instructions

## Overview
You're a software engineer interacting continuously with a computer by submitting commands.
{{holeCount}} piece(s) of code were removed from \`{{file}}\` in the current directory; each one is marked where it was. Your task is to implement the missing code so that it provides the functionality described in the implementation request, in a way that is consistent with the rest of the codebase: find out which functions, classes and conventions of other files the missing code should use.

${oneCommandPerResponse}

## Important Boundaries
- MODIFY: Only the missing code in \`{{file}}\`
- DO NOT MODIFY: Other files, tests, configuration files (pyproject.toml, setup.cfg, etc.)

## Recommended Workflow
1. Read \`{{file}}\` and find the places where code is missing
2. Explore the repository to learn the helpers, types and conventions the missing code should use
3. Implement the missing code
4. Verify your implementation by running the relevant tests or a small script

${commandRules(exploreThought, 'ls -la')}
${editExamples}
${submission('When you\'ve completed your work (reading, editing, testing), and cannot make further progress', 'work')}</instructions>
`;

const observation = `<returncode>{{returnCode}}</returncode>
<output>
{{output}}</output>`;

const observationTruncated = `<returncode>{{returnCode}}</returncode>
<warning>
The output of your last command was too long.
Please try a different command that produces less output.
If you're looking at a file you can try use head, tail or sed to view a smaller number of lines selectively.
If you're using grep or find and it produced too much output, you can use a more selective search pattern.
If you really need to see something from the full command's output, you can redirect output to a file and then search in that file.
</warning><output_head>
{{outputHead}}
</output_head>
<elided_chars>
{{elidedCharacters}} characters elided
</elided_chars>
<output_tail>
{{outputTail}}
</output_tail>`;

const timeout = `The last command <command>{{action}}</command> timed out after {{commandTimeoutSeconds}} seconds and has been killed.
The output of the command was:
<output>
{{output}}
</output>
Please try another command and make sure to avoid those requiring interactive input.`;

const formatError = `Please always provide EXACTLY ONE action in triple backticks, found {{actionCount}} actions.

Please format your action in triple backticks as shown in <response_example>.

<response_example>
Here are some thoughts about why you want to perform the action.

${fence}bash
<action>
${fence}
</response_example>

If you have completed your assignment, please consult the first message about how to
submit your solution (you will not be able to continue working on this task after that).
`;

const repetitionWarning = `<warning>
[SYSTEM ALERT: REPETITION AND LOOP DETECTED] You repeated the same response for {{count}} times! That is, you responded with the same THOUGHT and bash command for {{count}} times in this session! You are very likely to be stuck in a loop, rather than making meaningful progress.
[GUIDANCE] STOP! Do NOT repeat the same actions again! Reflect on your previous attempts, examine your current progress of solving this task, demonstrate meaningful thoughts towards completing this task, and try actions (bash commands) leading to meaningful, real progress.
Below is the output of \`ls -lh {{workdir}}\` for your reference:
<output>
{{listing}}
</output>
But next, you should try to deliver non-repetitive, meaningful thought and actions!
</warning>`;

const shared = { observation, observationTruncated, timeout, formatError, repetitionWarning } as const;

/**
 * The default templates per task kind. `bugfix`, `feature`, `test-repro` and `qa` are the
 * mini-swe-agent configs SWE-Spot evaluates with (`eval/{sbv,fea,tdd,qa}_host.yaml`:
 * THOUGHT plus one bash block, a fresh subshell per command, observations over 10,000
 * characters cut to head and tail, the repetition alert of SWE-Spot's patched agent), with
 * the working directory, limits and submit command as placeholders. `design` and `fim`
 * follow the same shape (the paper's RCX generators are not public): a design report is
 * written to `report.md` like a QA answer, and agentic FIM edits only the file with holes.
 */
export const DEFAULT_PROMPT_TEMPLATES: Readonly<Record<TaskKind, PromptTemplates>> = {
  bugfix: { system: defaultSystem, instance: bugfixInstance, ...shared },
  feature: { system: defaultSystem, instance: featureInstance, ...shared },
  'test-repro': {
    system: systemPrompt('You are a skilled test engineer who writes unit tests to reproduce software bugs.'),
    instance: testReproInstance,
    ...shared,
  },
  qa: { system: defaultSystem, instance: qaInstance, ...shared },
  design: {
    system: systemPrompt(
      'You are a software architect who explains the design of a code repository by exploring it with a computer shell.',
    ),
    instance: designInstance,
    ...shared,
  },
  fim: { system: defaultSystem, instance: fimInstance, ...shared },
};
