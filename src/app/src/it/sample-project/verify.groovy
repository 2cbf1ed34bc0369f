// After the sample project's build: its WAR holds its compiled workflow, its task type and Braid's library, and
// not the embedded runtime; its tests on the embedded runtime and on its Liberty server ran and passed.
def war = new java.util.zip.ZipFile(new File(basedir, 'target/orders-batch.war'))
def names = war.entries().collect { it.name }
war.close()
assert names.contains('WEB-INF/classes/META-INF/batch-jobs/orders.xml') : 'the compiled job XML'
assert names.contains('WEB-INF/classes/META-INF/braid/workflows/index') : 'the catalog entry Braid verifies runs against'
assert names.contains('WEB-INF/classes/META-INF/services/io.braid.spi.TaskType') : 'the own task type'
assert names.any { it ==~ /WEB-INF\/lib\/braid-core-.*\.jar/ } : "Braid's library: ${names.findAll { it.startsWith('WEB-INF/lib/') }}"
assert !names.any { it.startsWith('WEB-INF/lib/jberet') || it.startsWith('WEB-INF/lib/weld') || it.startsWith('WEB-INF/lib/braid-embedded') } : 'no embedded runtime in the WAR'
def passed = { File report, int atLeast, boolean skipsAllowed ->
    assert report.isFile() : "${report.name} ran"
    def head = report.text.find(/<testsuite [^>]*>/)
    def tests = (head =~ /tests="(\d+)"/)[0][1] as int
    assert tests >= atLeast && head =~ /failures="0"/ && head =~ /errors="0"/ && (skipsAllowed || head =~ /skipped="0"/) : head
}
passed(new File(basedir, 'target/surefire-reports/TEST-com.example.orders.OrdersWorkflowTest.xml'), 1, false)
// the contract skips what does not apply to this type
passed(new File(basedir, 'target/surefire-reports/TEST-com.example.orders.GreetingTypeTest.xml'), 1, true)
passed(new File(basedir, 'target/failsafe-reports/TEST-com.example.orders.OrdersOnLibertyIT.xml'), 4, false)
// braid:graph (invoker.properties) drew the workflow with the project's own task type
def graph = new File(basedir, 'target/braid/graphs/orders.mmd')
assert graph.isFile() : 'braid:graph wrote target/braid/graphs/orders.mmd'
assert graph.text.contains('t_greet --> t_shout') && graph.text.contains('greeting') : graph.text
return true
