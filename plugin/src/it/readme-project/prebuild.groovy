// Lays out a fresh project from README.md: each fenced block after a comment
// "<!-- readme-project: PATH -->" becomes the file PATH, as a user would paste it.
def readme = new File(basedir, '../../../../README.md').text
def standIn = new File(basedir, 'pom.xml').text
def version = (standIn =~ /<ptcheck\.version>(.*?)<\/ptcheck\.version>/)[0][1]

def files = [:]
(readme =~ /(?s)<!-- readme-project: (\S+) -->\n```\w*\n(.*?)\n```/).each { all, path, body -> files[path] = body }
assert files.keySet() == ['pom.xml', 'src/main/java/com/example/PagePerTable.java',
                          'src/test/java/com/example/PagePerTableTest.java'] as Set
assert files['pom.xml'].count("<version>${version}</version>") == 2 : "the README names the ptcheck being built"

files.each { path, body ->
    def f = new File(basedir, path)
    f.parentFile.mkdirs()
    f.text = body + '\n'
}
return true
